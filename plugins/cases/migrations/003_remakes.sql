-- A case opened as the remake of another (a warranty claim the lab approved): the case it
-- remakes, and whether it is made at no charge (billing bills it to no one).
ALTER TABLE cases_cases ADD COLUMN remake_of BIGINT NOT NULL DEFAULT 0;
ALTER TABLE cases_cases ADD COLUMN no_charge INT NOT NULL DEFAULT 0;
