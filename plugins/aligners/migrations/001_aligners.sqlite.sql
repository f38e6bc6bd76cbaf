-- Aligner treatment planning. Times are epoch milliseconds, UTC; NULL where not yet.

-- Each aligner-family case, as the cases plugin's events describe it (case.submitted,
-- case.status_changed): whose it is, where it stands, and what its plan made of it.
CREATE TABLE aligner_cases (
  case_id BIGINT NOT NULL PRIMARY KEY,
  case_number VARCHAR(40) NOT NULL,
  organization_id BIGINT NOT NULL,
  clinic_id BIGINT NOT NULL DEFAULT 0,
  owner_user_id BIGINT NOT NULL DEFAULT 0,
  product VARCHAR(64) NOT NULL DEFAULT '',
  status VARCHAR(40) NOT NULL,
  plan_type VARCHAR(40) NOT NULL DEFAULT '',
  submitted_at BIGINT NOT NULL,
  first_shipped_at BIGINT NULL,
  approved_at BIGINT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX aligner_cases_organization ON aligner_cases (organization_id, submitted_at);

-- Every version of a case's treatment plan, kept: the lab's upload, then the clinic's
-- decision on it (accepted with the chosen type and its price, rejected, or a
-- modification asked for, after which version n+1 follows).
CREATE TABLE aligner_plans (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id BIGINT NOT NULL,
  version INT NOT NULL,
  state VARCHAR(30) NOT NULL,
  steps_upper INT NOT NULL,
  steps_lower INT NOT NULL,
  ipr_notes TEXT NOT NULL,
  attachment_notes TEXT NOT NULL,
  simulation_url VARCHAR(500) NOT NULL DEFAULT '',
  engager_steps VARCHAR(500) NOT NULL DEFAULT '',
  uploaded_by BIGINT NOT NULL,
  uploaded_by_name VARCHAR(200) NOT NULL DEFAULT '',
  uploaded_at BIGINT NOT NULL,
  decided_by BIGINT NOT NULL DEFAULT 0,
  decided_by_name VARCHAR(200) NOT NULL DEFAULT '',
  decided_at BIGINT NULL,
  reason TEXT NOT NULL,
  chosen_type VARCHAR(40) NOT NULL DEFAULT '',
  price_minor BIGINT NOT NULL DEFAULT 0,
  currency CHAR(3) NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX aligner_plans_version ON aligner_plans (case_id, version);

-- The options a plan offers: a plan type with its planned steps and upfront price, fixed
-- when the plan is uploaded so that a later price change does not move a plan on offer.
CREATE TABLE aligner_plan_options (
  plan_id BIGINT NOT NULL,
  position INT NOT NULL,
  plan_type VARCHAR(40) NOT NULL,
  name VARCHAR(100) NOT NULL,
  planned_steps INT NOT NULL,
  price_minor BIGINT NOT NULL,
  currency CHAR(3) NOT NULL,
  PRIMARY KEY (plan_id, plan_type)
);

-- A plan's files: the setup's STL per step and arch, the PDF report, a viewer file.
CREATE TABLE aligner_plan_files (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  plan_id BIGINT NOT NULL,
  kind VARCHAR(20) NOT NULL,
  arch VARCHAR(10) NOT NULL DEFAULT '',
  step INT NOT NULL DEFAULT 0,
  name VARCHAR(255) NOT NULL,
  format VARCHAR(20) NOT NULL,
  store_key VARCHAR(512) NOT NULL,
  size_bytes BIGINT NOT NULL,
  uploaded_at BIGINT NOT NULL
);
CREATE INDEX aligner_plan_files_plan ON aligner_plan_files (plan_id, kind, arch, step);

-- Links that show one plan to someone without portal access: only the SHA-256 of the
-- token; expiring, revocable.
CREATE TABLE aligner_share_links (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  plan_id BIGINT NOT NULL,
  case_id BIGINT NOT NULL,
  token_hash CHAR(64) NOT NULL,
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  revoked_at BIGINT NULL,
  revoked_by BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX aligner_share_links_token ON aligner_share_links (token_hash);
CREATE INDEX aligner_share_links_plan ON aligner_share_links (plan_id);
