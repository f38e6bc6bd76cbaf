-- When a charge of a saved card was first sent to Stripe for a payment attempt (the
-- host's attempt id), epoch milliseconds: Stripe's search lags a new PaymentIntent by up
-- to a minute, so a re-sync soon after a lost answer waits rather than call it uncharged.
CREATE TABLE pay_stripe_charges (
  attempt_id VARCHAR(64) NOT NULL PRIMARY KEY,
  sent_at BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
