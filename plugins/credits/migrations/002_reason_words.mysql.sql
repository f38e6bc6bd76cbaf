-- The portal's own reasons (a pack credited, a top-up refunded) as a catalog key
-- (`reason_key`, "credits.reason.refund") and its fields (`reason_fields`,
-- "name=value;name=value" of codes and whole numbers), so each reader gets them in their
-- own language; `reason` keeps the English text, and a person's reason as typed.
ALTER TABLE credits_ledger ADD COLUMN reason_key VARCHAR(64) NOT NULL DEFAULT '';
ALTER TABLE credits_ledger ADD COLUMN reason_fields VARCHAR(500) NOT NULL DEFAULT '';
