-- The price agreed for a case outside the price list (case.priced, e.g. the aligner plan
-- option the clinic accepted), one row per case: a later case.priced replaces it. The
-- case's invoice charges it instead of the price list's, unless a quote was accepted.
-- set_at: epoch milliseconds, UTC.
CREATE TABLE billing_case_prices (
  case_id BIGINT NOT NULL PRIMARY KEY,
  amount_minor BIGINT NOT NULL,
  currency VARCHAR(3) NOT NULL,
  label VARCHAR(100) NOT NULL DEFAULT '',
  source VARCHAR(64) NOT NULL DEFAULT '',
  set_at BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Extra charges on a case (case.charged: a plan upgrade, replacement aligners), one row
-- per charge key, made in the publisher's transaction before the invoice: a replay of
-- the key, or the same key published twice at once, finds it taken and charges nothing.
-- invoice_id: the invoice issued for it; amount_minor in currency's minor units. Keys are
-- printable ASCII, compared byte for byte as SQLite compares them.
CREATE TABLE billing_case_charges (
  charge_key VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  case_id BIGINT NOT NULL,
  invoice_id BIGINT NOT NULL DEFAULT 0,
  amount_minor BIGINT NOT NULL,
  currency VARCHAR(3) NOT NULL,
  at BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE UNIQUE INDEX billing_case_charges_key ON billing_case_charges (charge_key);
CREATE INDEX billing_case_charges_case ON billing_case_charges (case_id);
