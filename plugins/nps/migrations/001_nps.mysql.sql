-- Feedback and NPS. Times are epoch milliseconds, UTC; 0 or NULL where not yet.

-- One feedback request per delivered case, opened in the delivering transaction for the
-- case's dentist. What the reports group by (product, technician) is copied here then.
CREATE TABLE nps_requests (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  case_id BIGINT NOT NULL,
  case_number VARCHAR(40) NOT NULL,
  organization_id BIGINT NOT NULL,
  owner_user_id BIGINT NOT NULL DEFAULT 0,
  product VARCHAR(64) NOT NULL DEFAULT '',
  product_name VARCHAR(200) NOT NULL DEFAULT '',
  technician_id BIGINT NOT NULL DEFAULT 0,
  requested_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  answered_at BIGINT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE UNIQUE INDEX nps_requests_case ON nps_requests (case_id);

-- A link made when a message carrying it went out (the email's, the WhatsApp message's):
-- only the SHA-256 of its token, in hex. Using one uses them all.
CREATE TABLE nps_links (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  request_id BIGINT NOT NULL,
  token_hash CHAR(64) NOT NULL,
  created_at BIGINT NOT NULL,
  used_at BIGINT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE UNIQUE INDEX nps_links_token ON nps_links (token_hash);
CREATE INDEX nps_links_request ON nps_links (request_id);

-- The one answer per case, editable for nps.editHours after answered_at.
CREATE TABLE nps_answers (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  request_id BIGINT NOT NULL,
  case_id BIGINT NOT NULL,
  case_number VARCHAR(40) NOT NULL,
  organization_id BIGINT NOT NULL,
  author_user_id BIGINT NOT NULL DEFAULT 0,
  author_name VARCHAR(200) NOT NULL DEFAULT '',
  score INT NOT NULL,
  fit_stars INT NOT NULL DEFAULT 0,
  aesthetics_stars INT NOT NULL DEFAULT 0,
  speed_stars INT NOT NULL DEFAULT 0,
  comment TEXT NOT NULL,
  consent INT NOT NULL DEFAULT 0,
  product VARCHAR(64) NOT NULL DEFAULT '',
  product_name VARCHAR(200) NOT NULL DEFAULT '',
  technician_id BIGINT NOT NULL DEFAULT 0,
  answered_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE UNIQUE INDEX nps_answers_case ON nps_answers (case_id);
CREATE INDEX nps_answers_answered ON nps_answers (answered_at);
CREATE INDEX nps_answers_published ON nps_answers (consent, id);

-- A low score's follow-up, one per answer: due followUpHours after it opened, closed by a
-- lead or admin with a note, escalated once when still open past its due time.
CREATE TABLE nps_followups (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  answer_id BIGINT NOT NULL,
  case_id BIGINT NOT NULL,
  case_number VARCHAR(40) NOT NULL,
  organization_id BIGINT NOT NULL,
  score INT NOT NULL,
  opened_at BIGINT NOT NULL,
  due_at BIGINT NOT NULL,
  closed_at BIGINT NULL,
  closed_by BIGINT NOT NULL DEFAULT 0,
  closed_by_name VARCHAR(200) NOT NULL DEFAULT '',
  note TEXT NOT NULL,
  escalated_at BIGINT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE UNIQUE INDEX nps_followups_answer ON nps_followups (answer_id);
CREATE INDEX nps_followups_open ON nps_followups (closed_at, due_at);
