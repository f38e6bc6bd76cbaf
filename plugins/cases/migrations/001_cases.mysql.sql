-- Cases: a draft until the clinic submits it, then a workflow state.
CREATE TABLE cases_cases (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  number VARCHAR(32) NULL,
  organization_id BIGINT NOT NULL,
  clinic_id BIGINT NOT NULL DEFAULT 0,
  owner_user_id BIGINT NOT NULL,
  created_by BIGINT NOT NULL,
  patient_ref VARCHAR(64) NOT NULL DEFAULT '',
  patient_name VARCHAR(200) NOT NULL DEFAULT '',
  product VARCHAR(64) NOT NULL DEFAULT '',
  workflow VARCHAR(32) NOT NULL DEFAULT '',
  status VARCHAR(32) NOT NULL,
  previous_status VARCHAR(32) NOT NULL DEFAULT '',
  stage VARCHAR(32) NOT NULL DEFAULT 'draft',
  numbering VARCHAR(10) NOT NULL DEFAULT 'fdi',
  teeth VARCHAR(1000) NOT NULL DEFAULT '',
  arches VARCHAR(10) NOT NULL DEFAULT '',
  shade_guide VARCHAR(16) NOT NULL DEFAULT '',
  shade VARCHAR(16) NOT NULL DEFAULT '',
  fields TEXT NOT NULL,
  confirmed INT NOT NULL DEFAULT 0,
  assigned_to BIGINT NOT NULL DEFAULT 0,
  hold_reason VARCHAR(1000) NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  submitted_at BIGINT NOT NULL DEFAULT 0,
  due_at BIGINT NOT NULL DEFAULT 0,
  is_open INT NOT NULL DEFAULT 0,
  version INT NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE UNIQUE INDEX cases_cases_number ON cases_cases (number);
CREATE INDEX cases_cases_org_updated ON cases_cases (organization_id, updated_at, id);
CREATE INDEX cases_cases_org_status ON cases_cases (organization_id, status, updated_at, id);
-- A dentist's list asks for owner_user_id and organization_id: both lead the owner
-- indexes, so the counts per status are read from the index alone.
CREATE INDEX cases_cases_owner_updated ON cases_cases (owner_user_id, organization_id, updated_at, id);
CREATE INDEX cases_cases_owner_status ON cases_cases (owner_user_id, organization_id, status, updated_at, id);
CREATE INDEX cases_cases_org_patient ON cases_cases (organization_id, patient_ref);
-- The lab board: every open case (submitted, not delivered or cancelled), or one status,
-- newest change first; and the open cases counted per status.
CREATE INDEX cases_cases_open_updated ON cases_cases (is_open, updated_at, id);
CREATE INDEX cases_cases_open_status ON cases_cases (is_open, status);
CREATE INDEX cases_cases_status_updated ON cases_cases (status, updated_at, id);

-- What happened to a case, newest first on its page.
CREATE TABLE cases_activity (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  case_id BIGINT NOT NULL,
  kind VARCHAR(32) NOT NULL,
  at BIGINT NOT NULL,
  actor_user_id BIGINT NOT NULL DEFAULT 0,
  actor_label VARCHAR(200) NOT NULL DEFAULT '',
  from_status VARCHAR(32) NOT NULL DEFAULT '',
  to_status VARCHAR(32) NOT NULL DEFAULT '',
  summary VARCHAR(2000) NOT NULL DEFAULT '',
  link VARCHAR(500) NOT NULL DEFAULT ''
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX cases_activity_case ON cases_activity (case_id, id);

-- The in-case chat.
CREATE TABLE cases_messages (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  case_id BIGINT NOT NULL,
  author_user_id BIGINT NOT NULL,
  author_label VARCHAR(200) NOT NULL,
  author_side VARCHAR(8) NOT NULL,
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX cases_messages_case ON cases_messages (case_id, id);

-- Scans, photos and documents of a case or of one of its messages.
CREATE TABLE cases_files (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  case_id BIGINT NOT NULL,
  message_id BIGINT NOT NULL DEFAULT 0,
  slot VARCHAR(32) NOT NULL,
  original_name VARCHAR(255) NOT NULL,
  store_key VARCHAR(255) NOT NULL,
  kind VARCHAR(16) NOT NULL,
  format VARCHAR(16) NOT NULL,
  media_type VARCHAR(64) NOT NULL,
  size BIGINT NOT NULL,
  uploaded_by BIGINT NOT NULL,
  uploaded_at BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX cases_files_case ON cases_files (case_id, id);
