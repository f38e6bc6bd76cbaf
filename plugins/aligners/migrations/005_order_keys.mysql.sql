-- The one-time key of each order form sent: the same form sent again (a retry after a
-- timeout, a second click) finds its order here instead of placing another.
CREATE TABLE aligner_order_keys (
  form_key VARCHAR(64) NOT NULL PRIMARY KEY,
  case_id BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
