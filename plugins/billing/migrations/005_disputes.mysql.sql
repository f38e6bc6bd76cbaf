-- Disputes (chargebacks) of payments, one row per provider's dispute, from the host's
-- dispute.opened and dispute.closed events. invoice_id is 0 for a dispute of anything
-- else (a top-up); state is open, won or lost.
CREATE TABLE billing_disputes (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  provider VARCHAR(64) NOT NULL,
  dispute_id VARCHAR(128) NOT NULL,
  attempt_id VARCHAR(64) NOT NULL DEFAULT '',
  purpose_kind VARCHAR(32) NOT NULL DEFAULT '',
  invoice_id BIGINT NOT NULL DEFAULT 0,
  organization_id BIGINT NOT NULL DEFAULT 0,
  reference VARCHAR(128) NOT NULL DEFAULT '',
  amount_minor BIGINT NOT NULL DEFAULT 0,
  currency VARCHAR(3) NOT NULL DEFAULT '',
  state VARCHAR(8) NOT NULL DEFAULT 'open',
  opened_at BIGINT NOT NULL DEFAULT 0,
  closed_at BIGINT NOT NULL DEFAULT 0,
  UNIQUE KEY billing_disputes_key (provider, dispute_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX billing_disputes_state ON billing_disputes (state, currency);
CREATE INDEX billing_disputes_invoice ON billing_disputes (invoice_id);
