-- Warranty claims: a clinic's claim on a warranty, the lab's decision, and the no-cost
-- remake an approval opens. form_key makes a form sent twice one claim. Times are epoch
-- milliseconds, UTC.
CREATE TABLE warranty_claims (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  warranty_id BIGINT NOT NULL,
  case_id BIGINT NOT NULL,
  organization_id BIGINT NOT NULL,
  reason VARCHAR(32) NOT NULL,
  description TEXT NOT NULL,
  state VARCHAR(16) NOT NULL,
  form_key VARCHAR(64) NOT NULL,
  filed_by BIGINT NOT NULL,
  filed_by_name VARCHAR(200) NOT NULL,
  filed_at BIGINT NOT NULL,
  decided_by BIGINT NOT NULL DEFAULT 0,
  decided_by_name VARCHAR(200) NOT NULL DEFAULT '',
  decided_at BIGINT NOT NULL DEFAULT 0,
  decision_reason VARCHAR(500) NOT NULL DEFAULT '',
  remake_case_id BIGINT NOT NULL DEFAULT 0,
  remake_number VARCHAR(40) NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX warranty_claims_form ON warranty_claims (form_key);
CREATE INDEX warranty_claims_warranty ON warranty_claims (warranty_id, id);
CREATE INDEX warranty_claims_state ON warranty_claims (state, id);

-- A claim's photos, stored in the plugin's file store with their metadata stripped.
CREATE TABLE warranty_claim_photos (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  claim_id BIGINT NOT NULL,
  store_key VARCHAR(200) NOT NULL,
  original_name VARCHAR(255) NOT NULL,
  media_type VARCHAR(64) NOT NULL,
  size BIGINT NOT NULL,
  uploaded_at BIGINT NOT NULL
);
CREATE INDEX warranty_claim_photos_claim ON warranty_claim_photos (claim_id, id);
