-- Quotes for cases outside the price list: opened when a case enters invoicing,
-- priced and sent by the lab, accepted or declined by the clinic, withdrawn when the
-- case leaves invoicing another way. Amounts in minor units of `currency`.
CREATE TABLE billing_quotes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id BIGINT NOT NULL,
  case_number VARCHAR(32) NOT NULL,
  organization_id BIGINT NOT NULL,
  clinic_id BIGINT NOT NULL DEFAULT 0,
  owner_user_id BIGINT NOT NULL DEFAULT 0,
  product VARCHAR(64) NOT NULL DEFAULT '',
  product_name VARCHAR(200) NOT NULL DEFAULT '',
  state VARCHAR(16) NOT NULL,
  amount_minor BIGINT NOT NULL DEFAULT 0,
  currency VARCHAR(3) NOT NULL DEFAULT '',
  note VARCHAR(2000) NOT NULL DEFAULT '',
  opened_at BIGINT NOT NULL,
  sent_by BIGINT NOT NULL DEFAULT 0,
  sent_at BIGINT NOT NULL DEFAULT 0,
  answered_by BIGINT NOT NULL DEFAULT 0,
  answered_at BIGINT NOT NULL DEFAULT 0,
  decline_reason VARCHAR(1000) NOT NULL DEFAULT '',
  withdrawn_by BIGINT NOT NULL DEFAULT 0,
  withdrawn_at BIGINT NOT NULL DEFAULT 0
);
-- A case's quotes (its open one, its accepted price); the lab's open quotes.
CREATE INDEX billing_quotes_case ON billing_quotes (case_id, state);
CREATE INDEX billing_quotes_state ON billing_quotes (state, id);
