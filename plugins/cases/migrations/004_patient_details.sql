-- What aligner portals ask of the patient (products with patientDetails): first and last
-- name (where the lab allows names), gender, date of birth (YYYY-MM-DD) and country (ISO
-- 3166-1 alpha-2); empty when not given, as for every case before them.
ALTER TABLE cases_cases ADD COLUMN patient_first_name VARCHAR(100) NOT NULL DEFAULT '';
ALTER TABLE cases_cases ADD COLUMN patient_last_name VARCHAR(100) NOT NULL DEFAULT '';
ALTER TABLE cases_cases ADD COLUMN patient_gender VARCHAR(8) NOT NULL DEFAULT '';
ALTER TABLE cases_cases ADD COLUMN patient_birth_date VARCHAR(10) NOT NULL DEFAULT '';
ALTER TABLE cases_cases ADD COLUMN patient_country VARCHAR(2) NOT NULL DEFAULT '';
