-- Warranties. Days are YYYY-MM-DD in the lab's time zone; times are epoch
-- milliseconds, UTC.

-- One warranty per case, issued when the case was first delivered. What the card and the
-- verify page show is copied here at issue (restoration, teeth, clinic name), so that a
-- card reads the same later. check_code is asked for with the case number on the public
-- verify page.
CREATE TABLE warranty_cards (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  number VARCHAR(48) NOT NULL,
  case_id BIGINT NOT NULL,
  case_number VARCHAR(40) NOT NULL,
  organization_id BIGINT NOT NULL,
  clinic_id BIGINT NOT NULL,
  clinic_name VARCHAR(200) NOT NULL,
  owner_user_id BIGINT NOT NULL DEFAULT 0,
  product VARCHAR(64) NOT NULL,
  restoration VARCHAR(200) NOT NULL,
  teeth VARCHAR(200) NOT NULL DEFAULT '',
  term_months INT NOT NULL,
  issued_on VARCHAR(10) NOT NULL,
  expires_on VARCHAR(10) NOT NULL,
  issued_at BIGINT NOT NULL,
  check_code VARCHAR(16) NOT NULL,
  voided INT NOT NULL DEFAULT 0,
  void_reason VARCHAR(500) NOT NULL DEFAULT '',
  voided_by BIGINT NOT NULL DEFAULT 0,
  voided_at BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX warranty_cards_case ON warranty_cards (case_id);
CREATE UNIQUE INDEX warranty_cards_case_number ON warranty_cards (case_number);
CREATE UNIQUE INDEX warranty_cards_number ON warranty_cards (number);
CREATE INDEX warranty_cards_organization ON warranty_cards (organization_id, id);
CREATE INDEX warranty_cards_owner ON warranty_cards (organization_id, owner_user_id, id);
