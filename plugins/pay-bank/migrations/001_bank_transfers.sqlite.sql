-- Transfer references given out by the provider "bank": one per payment attempt
-- (the host's idempotency key), with what the payer was asked to pay. Amounts are
-- integer minor units of `currency`; times are epoch milliseconds.
CREATE TABLE pay_bank_references (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  reference VARCHAR(16) NOT NULL,
  attempt_id VARCHAR(64) NOT NULL,
  purpose_kind VARCHAR(32) NOT NULL DEFAULT '',
  purpose_id VARCHAR(64) NOT NULL DEFAULT '',
  purpose_reference VARCHAR(120) NOT NULL DEFAULT '',
  description VARCHAR(255) NOT NULL DEFAULT '',
  organization_id BIGINT NOT NULL DEFAULT 0,
  amount_minor BIGINT NOT NULL,
  currency VARCHAR(3) NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX pay_bank_references_reference ON pay_bank_references (reference);
CREATE UNIQUE INDEX pay_bank_references_attempt ON pay_bank_references (attempt_id);
-- The clerk finds a reference by the invoice number shown with it.
CREATE INDEX pay_bank_references_purpose ON pay_bank_references (purpose_reference);
CREATE INDEX pay_bank_references_created ON pay_bank_references (created_at, id);

-- Money received against a reference: typed by the clerk (source 'manual') or read
-- from a statement (source 'statement'). event_id is what the host's payment service
-- dedupes on: 'manual-<id>' or the statement line's SHA-256, unique, so a line imported
-- twice is recorded once. `recorded` turns 1 once the host's payment service took the
-- event; only then does the money count here (fetchPayment, the clerk's pages).
CREATE TABLE pay_bank_receipts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  reference_id BIGINT NOT NULL,
  event_id VARCHAR(80) NULL,
  source VARCHAR(16) NOT NULL,
  amount_minor BIGINT NOT NULL,
  currency VARCHAR(3) NOT NULL,
  value_date VARCHAR(10) NOT NULL DEFAULT '',
  bank_transaction_id VARCHAR(120) NOT NULL DEFAULT '',
  note VARCHAR(500) NOT NULL DEFAULT '',
  import_id BIGINT NOT NULL DEFAULT 0,
  recorded_by BIGINT NOT NULL DEFAULT 0,
  recorded INT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX pay_bank_receipts_event ON pay_bank_receipts (event_id);
CREATE INDEX pay_bank_receipts_reference ON pay_bank_receipts (reference_id, id);

-- Statement imports and what became of each line, for the result page.
CREATE TABLE pay_bank_imports (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  file_name VARCHAR(255) NOT NULL DEFAULT '',
  line_count INT NOT NULL DEFAULT 0,
  applied_count INT NOT NULL DEFAULT 0,
  already_count INT NOT NULL DEFAULT 0,
  unmatched_count INT NOT NULL DEFAULT 0,
  imported_by BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE TABLE pay_bank_import_lines (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  import_id BIGINT NOT NULL,
  line INT NOT NULL,
  outcome VARCHAR(20) NOT NULL,
  reference VARCHAR(16) NOT NULL DEFAULT '',
  detail VARCHAR(120) NOT NULL DEFAULT '',
  value_date VARCHAR(10) NOT NULL DEFAULT '',
  amount_minor BIGINT NOT NULL DEFAULT 0,
  currency VARCHAR(3) NOT NULL DEFAULT '',
  description VARCHAR(500) NOT NULL DEFAULT '',
  bank_transaction_id VARCHAR(120) NOT NULL DEFAULT ''
);
CREATE INDEX pay_bank_import_lines_import ON pay_bank_import_lines (import_id, line);
