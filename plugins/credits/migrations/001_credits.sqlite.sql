-- Prepaid credits. Amounts are integer minor units of `currency`; times are epoch
-- milliseconds, UTC.

-- One row per clinic organization: the cached balance (always the sum of its ledger,
-- moved in the same transaction as each entry) and the settings read under its lock.
CREATE TABLE credits_accounts (
  organization_id BIGINT NOT NULL PRIMARY KEY,
  currency VARCHAR(3) NOT NULL,
  balance_minor BIGINT NOT NULL DEFAULT 0,
  threshold_minor BIGINT NOT NULL DEFAULT 0,
  armed INT NOT NULL DEFAULT 1,
  crossings BIGINT NOT NULL DEFAULT 0,
  auto_enabled INT NOT NULL DEFAULT 0,
  auto_pack VARCHAR(32) NOT NULL DEFAULT '',
  auto_method_id VARCHAR(64) NOT NULL DEFAULT '',
  auto_failures INT NOT NULL DEFAULT 0,
  discount_basis_points INT NOT NULL DEFAULT 0,
  updated_by BIGINT NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL
);

-- Append-only: every top-up, debit, returned debit, refunded top-up and adjustment.
-- source_key names what the entry is for, so the same cause never makes two entries.
CREATE TABLE credits_ledger (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  organization_id BIGINT NOT NULL,
  kind VARCHAR(16) NOT NULL,
  amount_minor BIGINT NOT NULL,
  currency VARCHAR(3) NOT NULL,
  balance_after_minor BIGINT NOT NULL,
  source_key VARCHAR(160) NOT NULL,
  case_id BIGINT NOT NULL DEFAULT 0,
  case_number VARCHAR(32) NOT NULL DEFAULT '',
  invoice_id BIGINT NOT NULL DEFAULT 0,
  topup_id BIGINT NOT NULL DEFAULT 0,
  attempt_id VARCHAR(64) NOT NULL DEFAULT '',
  reason VARCHAR(500) NOT NULL DEFAULT '',
  actor_user_id BIGINT NOT NULL DEFAULT 0,
  actor_name VARCHAR(200) NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX credits_ledger_source ON credits_ledger (source_key);
CREATE INDEX credits_ledger_organization ON credits_ledger (organization_id, id);
CREATE INDEX credits_ledger_invoice ON credits_ledger (invoice_id);

-- Packs bought: by the clinic, or by an auto top-up run.
CREATE TABLE credits_topups (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  organization_id BIGINT NOT NULL,
  pack_code VARCHAR(32) NOT NULL,
  pack_name VARCHAR(80) NOT NULL,
  credits_minor BIGINT NOT NULL,
  price_minor BIGINT NOT NULL,
  currency VARCHAR(3) NOT NULL,
  provider VARCHAR(32) NOT NULL,
  attempt_id VARCHAR(64) NOT NULL DEFAULT '',
  state VARCHAR(16) NOT NULL,
  received_minor BIGINT NOT NULL DEFAULT 0,
  origin VARCHAR(16) NOT NULL,
  entry_id BIGINT NOT NULL DEFAULT 0,
  created_by BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX credits_topups_organization ON credits_topups (organization_id, id);
CREATE INDEX credits_topups_attempt ON credits_topups (attempt_id);

-- Money received for a top-up, once per receipt of the host's payment service.
CREATE TABLE credits_receipts (
  attempt_id VARCHAR(64) NOT NULL,
  receipt_id VARCHAR(160) NOT NULL,
  amount_minor BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (attempt_id, receipt_id)
);

-- Cases received while the balance could not pay them, resumed oldest first.
CREATE TABLE credits_holds (
  case_id BIGINT NOT NULL PRIMARY KEY,
  organization_id BIGINT NOT NULL,
  invoice_id BIGINT NOT NULL,
  case_number VARCHAR(32) NOT NULL DEFAULT '',
  owner_user_id BIGINT NOT NULL DEFAULT 0,
  amount_minor BIGINT NOT NULL,
  currency VARCHAR(3) NOT NULL,
  state VARCHAR(16) NOT NULL,
  held_at BIGINT NOT NULL,
  resumed_at BIGINT NOT NULL DEFAULT 0,
  entry_id BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX credits_holds_waiting ON credits_holds (organization_id, state, held_at, case_id);

-- One auto top-up run per crossing of the threshold: the unique index is the "never twice".
CREATE TABLE credits_auto_runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  organization_id BIGINT NOT NULL,
  crossing BIGINT NOT NULL,
  topup_id BIGINT NOT NULL DEFAULT 0,
  attempt_id VARCHAR(64) NOT NULL DEFAULT '',
  method_id VARCHAR(64) NOT NULL DEFAULT '',
  state VARCHAR(16) NOT NULL,
  failure_code VARCHAR(64) NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX credits_auto_runs_crossing ON credits_auto_runs (organization_id, crossing);
CREATE INDEX credits_auto_runs_attempt ON credits_auto_runs (attempt_id);
