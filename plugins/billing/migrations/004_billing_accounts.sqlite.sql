-- Each organization's billing mode; an organization without a row is on net terms
-- with billing.netTermsDays.
CREATE TABLE billing_accounts (
  organization_id BIGINT NOT NULL PRIMARY KEY,
  mode VARCHAR(16) NOT NULL DEFAULT 'net_terms',
  net_terms_days INTEGER NOT NULL DEFAULT 30,
  updated_by BIGINT NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL DEFAULT 0
);

-- Every delivered case once, with the organization's mode when it was delivered (which
-- decides how it is billed) and, once billed, its invoice: a job that runs twice or two
-- hosts rolling up one month claim a delivery only while invoice_id is 0.
CREATE TABLE billing_deliveries (
  case_id BIGINT NOT NULL PRIMARY KEY,
  organization_id BIGINT NOT NULL,
  clinic_id BIGINT NOT NULL DEFAULT 0,
  case_number VARCHAR(32) NOT NULL DEFAULT '',
  product VARCHAR(64) NOT NULL DEFAULT '',
  product_name VARCHAR(200) NOT NULL DEFAULT '',
  delivered_at BIGINT NOT NULL,
  mode VARCHAR(16) NOT NULL,
  invoice_id BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX billing_deliveries_unbilled ON billing_deliveries (mode, invoice_id, delivered_at, organization_id);

-- The monthly roll-ups made: one per organization and month (the lab's month,
-- "2026-05"). A roll-up inserts its row first, so a second run or a second host
-- meets the key before it takes an invoice number, and adds nothing.
CREATE TABLE billing_rollups (
  organization_id BIGINT NOT NULL,
  period VARCHAR(7) NOT NULL,
  invoice_id BIGINT NOT NULL DEFAULT 0,
  made_at BIGINT NOT NULL,
  PRIMARY KEY (organization_id, period)
);
