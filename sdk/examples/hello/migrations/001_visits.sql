-- One row per name greeted.
CREATE TABLE hello_visits (
  name VARCHAR(100) NOT NULL PRIMARY KEY,
  visits INTEGER NOT NULL
);
