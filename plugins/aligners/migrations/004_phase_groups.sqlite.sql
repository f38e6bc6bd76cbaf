-- Mixed-dentition phases sent together: the orders opened at once share a group (the
-- first phase's case id), and every move of one phase's case is made on the others.
ALTER TABLE aligner_orders ADD COLUMN group_case_id BIGINT NOT NULL DEFAULT 0;
CREATE INDEX aligner_orders_group ON aligner_orders (group_case_id);
