-- Cases of organizations in the credits billing mode, one row per case, made in the
-- transaction that submitted it: the draft invoice the credits plugin settles from the
-- organization's balance, and where it stands. due: the draft waits for credits.debited;
-- settled: issued and paid from credits; unpriced: no price yet, a draft is made when the
-- case's quote is accepted; voided: the case was cancelled before it was paid. A delivered
-- case with a draft here is never invoiced again (one still unpriced is billed on net
-- terms). entry_id: the credits ledger entry that paid it. Times are epoch ms, UTC.
CREATE TABLE billing_credit_cases (
  case_id BIGINT NOT NULL PRIMARY KEY,
  organization_id BIGINT NOT NULL,
  case_number VARCHAR(32) NOT NULL DEFAULT '',
  invoice_id BIGINT NOT NULL DEFAULT 0,
  state VARCHAR(16) NOT NULL,
  entry_id VARCHAR(64) NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
-- credits.debited and credits.debit_returned name the invoice.
CREATE INDEX billing_credit_cases_invoice ON billing_credit_cases (invoice_id);
