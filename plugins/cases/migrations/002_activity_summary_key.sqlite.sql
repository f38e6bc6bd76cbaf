-- Timeline entries other plugins add may name a catalog key (`summary_key`) and its fields
-- (`summary_fields`, "name=value&..." percent-encoded), so each reader gets the words in
-- their own language; `summary` stays the text of entries without a key.
ALTER TABLE cases_activity ADD COLUMN summary_key VARCHAR(200) NULL;
ALTER TABLE cases_activity ADD COLUMN summary_fields TEXT NULL;
