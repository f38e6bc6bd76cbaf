-- Rows read by the benchmark's primary-key route; seeded by the plugin at start.
CREATE TABLE bench_items (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(100) NOT NULL);
