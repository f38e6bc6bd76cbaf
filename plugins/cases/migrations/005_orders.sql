-- A later order on a case (an aligner case's refinement, retainer, replacement aligners,
-- next phase or remake, opened by the aligners plugin): the case it is an order of, and
-- which kind of order. A case of its own, with its own number, tracker and timeline.
ALTER TABLE cases_cases ADD COLUMN order_of BIGINT NOT NULL DEFAULT 0;
ALTER TABLE cases_cases ADD COLUMN order_kind VARCHAR(20) NOT NULL DEFAULT '';
