-- A bank transaction is money received once, whoever records it and however: the
-- clerk twice (a double click, two clerks), or by hand and then from the statement.
-- bank_key is the bank's transaction id as recorded (trimmed, upper case), NULL when
-- there is none; unique, so a second receipt of one bank transaction cannot be added.
-- Receipts from before this migration keep NULL.
ALTER TABLE pay_bank_receipts ADD COLUMN bank_key VARCHAR(120) NULL;
CREATE UNIQUE INDEX pay_bank_receipts_bank_key ON pay_bank_receipts (bank_key);
