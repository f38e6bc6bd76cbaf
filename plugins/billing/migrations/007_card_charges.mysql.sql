-- Cases paid by a saved card (billing modes prepay and autopay), one row per case: the
-- mode that took it (the organization's mode when the case was submitted, for prepay, or
-- shipped, for autopay), its invoice, the payment attempt that holds or charged the card,
-- and where it stands. Every job moves a row from one state to the next with a
-- conditional UPDATE, so a job run twice, or on two hosts at once, charges once.
-- Times are epoch milliseconds, UTC; 0 means not yet.
CREATE TABLE billing_card_charges (
  case_id BIGINT NOT NULL PRIMARY KEY,
  organization_id BIGINT NOT NULL,
  case_number VARCHAR(32) NOT NULL DEFAULT '',
  mode VARCHAR(16) NOT NULL,
  state VARCHAR(24) NOT NULL,
  invoice_id BIGINT NOT NULL DEFAULT 0,
  attempt_id VARCHAR(64) NOT NULL DEFAULT '',
  previous_attempt_id VARCHAR(64) NOT NULL DEFAULT '',
  method_id BIGINT NOT NULL DEFAULT 0,
  failure_code VARCHAR(64) NOT NULL DEFAULT '',
  authorized_at BIGINT NOT NULL DEFAULT 0,
  shipped_at BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
-- The hourly renewal of holds that age: prepay rows by state and the hold's age.
CREATE INDEX billing_card_charges_holds ON billing_card_charges (state, authorized_at);
