-- The Checkout Session (cs_...) made for each payment attempt (the host's attempt id),
-- so that a re-sync without the session's id, or a repeated checkout call, finds it.
CREATE TABLE pay_stripe_checkouts (
  attempt_id VARCHAR(64) NOT NULL PRIMARY KEY,
  session_id VARCHAR(255) NOT NULL,
  created_at BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
