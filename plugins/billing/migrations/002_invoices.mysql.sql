-- Invoices to clinic organizations. `number` is given at issue (INV-2026-000042) and
-- stays NULL while a draft; amounts are integer minor units of `currency`; times are
-- epoch milliseconds (0: not yet). `state`: draft, issued, partly_paid, paid, void, overdue.
CREATE TABLE billing_invoices (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  number VARCHAR(20) NULL,
  organization_id BIGINT NOT NULL,
  clinic_id BIGINT NOT NULL DEFAULT 0,
  case_id BIGINT NOT NULL DEFAULT 0,
  period VARCHAR(7) NOT NULL DEFAULT '',
  currency VARCHAR(3) NOT NULL,
  state VARCHAR(16) NOT NULL,
  subtotal_minor BIGINT NOT NULL DEFAULT 0,
  tax_rate_bp BIGINT NOT NULL DEFAULT 0,
  tax_minor BIGINT NOT NULL DEFAULT 0,
  total_minor BIGINT NOT NULL DEFAULT 0,
  paid_minor BIGINT NOT NULL DEFAULT 0,
  refunded_minor BIGINT NOT NULL DEFAULT 0,
  transfer_reference VARCHAR(64) NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  issued_at BIGINT NOT NULL DEFAULT 0,
  due_at BIGINT NOT NULL DEFAULT 0,
  paid_at BIGINT NOT NULL DEFAULT 0,
  overdue_at BIGINT NOT NULL DEFAULT 0,
  voided_at BIGINT NOT NULL DEFAULT 0,
  void_reason VARCHAR(1000) NOT NULL DEFAULT '',
  created_by BIGINT NOT NULL DEFAULT 0,
  version INT NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE UNIQUE INDEX billing_invoices_number ON billing_invoices (number);
-- A clinic's list (all, or by state), newest first; the lab's by state; the overdue job.
CREATE INDEX billing_invoices_org ON billing_invoices (organization_id, id);
CREATE INDEX billing_invoices_org_state ON billing_invoices (organization_id, state, id);
CREATE INDEX billing_invoices_state ON billing_invoices (state, id);
CREATE INDEX billing_invoices_state_due ON billing_invoices (state, due_at);
CREATE INDEX billing_invoices_case ON billing_invoices (case_id);
CREATE INDEX billing_invoices_org_period ON billing_invoices (organization_id, period);

-- An invoice's lines: catalog items and adjustments (remake_credit, expedite_fee,
-- manual_credit) with their reason. amount_minor = quantity * unit_minor.
CREATE TABLE billing_invoice_lines (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  invoice_id BIGINT NOT NULL,
  position INT NOT NULL,
  kind VARCHAR(16) NOT NULL,
  case_id BIGINT NOT NULL DEFAULT 0,
  case_number VARCHAR(32) NOT NULL DEFAULT '',
  item_code VARCHAR(64) NOT NULL DEFAULT '',
  description VARCHAR(500) NOT NULL DEFAULT '',
  quantity BIGINT NOT NULL DEFAULT 1,
  unit_minor BIGINT NOT NULL,
  amount_minor BIGINT NOT NULL,
  reason VARCHAR(1000) NOT NULL DEFAULT '',
  created_by BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX billing_invoice_lines_invoice ON billing_invoice_lines (invoice_id, position);
CREATE INDEX billing_invoice_lines_case ON billing_invoice_lines (case_id, invoice_id);

-- Money received for (kind 'payment') or given back from (kind 'refund') an invoice,
-- once per attempt, provider payment and refund, however often the event arrives.
CREATE TABLE billing_invoice_payments (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  invoice_id BIGINT NOT NULL,
  kind VARCHAR(8) NOT NULL,
  attempt_id VARCHAR(64) NOT NULL,
  provider VARCHAR(32) NOT NULL DEFAULT '',
  provider_payment_id VARCHAR(128) NOT NULL DEFAULT '',
  provider_refund_id VARCHAR(128) NOT NULL DEFAULT '',
  amount_minor BIGINT NOT NULL,
  currency VARCHAR(3) NOT NULL,
  recorded_at BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE UNIQUE INDEX billing_invoice_payments_once
  ON billing_invoice_payments (attempt_id, provider_payment_id, kind, provider_refund_id);
CREATE INDEX billing_invoice_payments_invoice ON billing_invoice_payments (invoice_id, id);

-- The last number given per year (in the lab's time zone). Issuing updates the row in
-- its own transaction, so numbers are gapless: a rolled-back issue gives its number back.
CREATE TABLE billing_invoice_counters (
  year INT NOT NULL PRIMARY KEY,
  last_number BIGINT NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
