-- Later orders on an aligner case: each is a case of its own in the cases plugin (its own
-- number, tracker and timeline), linked here to the case it was ordered on.
ALTER TABLE aligner_cases ADD COLUMN parent_case_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE aligner_cases ADD COLUMN order_kind VARCHAR(20) NOT NULL DEFAULT '';
CREATE INDEX aligner_cases_parent ON aligner_cases (parent_case_id);

-- What the clinic ordered: the order's own case, the case it was ordered on, who and
-- when, what the form said (a retainer's type, range and arches; replacement steps and
-- the engager templates that came with them), and what it was charged (0: included in
-- the plan, or free by the plan type's rules).
CREATE TABLE aligner_orders (
  case_id BIGINT NOT NULL PRIMARY KEY,
  parent_case_id BIGINT NOT NULL,
  kind VARCHAR(20) NOT NULL,
  ordered_by BIGINT NOT NULL,
  ordered_by_name VARCHAR(200) NOT NULL DEFAULT '',
  ordered_at BIGINT NOT NULL,
  note TEXT NOT NULL,
  arches VARCHAR(10) NOT NULL DEFAULT '',
  retainer_type VARCHAR(20) NOT NULL DEFAULT '',
  retainer_range VARCHAR(10) NOT NULL DEFAULT '',
  upper_steps VARCHAR(500) NOT NULL DEFAULT '',
  lower_steps VARCHAR(500) NOT NULL DEFAULT '',
  engager_templates VARCHAR(500) NOT NULL DEFAULT '',
  engagers_left_out VARCHAR(500) NOT NULL DEFAULT '',
  included INT NOT NULL DEFAULT 0,
  charge_minor BIGINT NOT NULL DEFAULT 0,
  currency CHAR(3) NOT NULL DEFAULT ''
);
CREATE INDEX aligner_orders_parent ON aligner_orders (parent_case_id, kind, ordered_at);

-- The scans that came with an order (a refinement's, a fixed retainer's).
CREATE TABLE aligner_order_files (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  order_case_id BIGINT NOT NULL,
  slot VARCHAR(20) NOT NULL,
  name VARCHAR(255) NOT NULL,
  store_key VARCHAR(512) NOT NULL,
  size_bytes BIGINT NOT NULL,
  uploaded_at BIGINT NOT NULL
);
CREATE INDEX aligner_order_files_order ON aligner_order_files (order_case_id);
