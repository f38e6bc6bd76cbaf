-- Plan expiry and upgrades. Times are epoch milliseconds, UTC.

-- The last plan.expiring reminder sent for the case's current expiry: none, bold, red
-- (expired once it has run out: nothing more is sent). The reminder job moves it up with
-- a conditional update, so two hosts running the job at once send each reminder once.
ALTER TABLE aligner_cases ADD COLUMN expiry_reminded VARCHAR(10) NOT NULL DEFAULT 'none';

-- Each upgrade of a case's plan type (ONE to TWO...), with the fee charged for it.
CREATE TABLE aligner_upgrades (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  case_id BIGINT NOT NULL,
  from_type VARCHAR(40) NOT NULL,
  to_type VARCHAR(40) NOT NULL,
  fee_minor BIGINT NOT NULL,
  currency CHAR(3) NOT NULL,
  upgraded_by BIGINT NOT NULL,
  upgraded_at BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE UNIQUE INDEX aligner_upgrades_step ON aligner_upgrades (case_id, to_type);
