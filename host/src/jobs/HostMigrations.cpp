#include "jobs/HostMigrations.h"

namespace molar::host {

std::vector<Migration> hostMigrations(sdk::Dialect dialect)
{
    const std::string id = dialect == sdk::Dialect::SQLite ? "id INTEGER PRIMARY KEY AUTOINCREMENT"
                                                           : "id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY";
    const std::string text = dialect == sdk::Dialect::SQLite ? "TEXT" : "MEDIUMTEXT";
    // Times are milliseconds since the epoch, UTC.
    return {
        {1, "jobs",
         "CREATE TABLE molar_jobs (\n " + id +
             ",\n"
             " name VARCHAR(100) NOT NULL,\n"
             " payload " +
             text +
             " NOT NULL,\n"
             " state VARCHAR(16) NOT NULL,\n"
             " attempts INTEGER NOT NULL DEFAULT 0,\n"
             " max_attempts INTEGER NOT NULL,\n"
             " first_retry_ms BIGINT NOT NULL,\n"
             " lease_ms BIGINT NOT NULL,\n"
             " run_at BIGINT NOT NULL,\n"
             " lease_owner VARCHAR(120) NULL,\n"
             " lease_until BIGINT NULL,\n"
             " last_error " +
             text +
             " NULL,\n"
             " dedupe_key VARCHAR(190) NULL,\n"
             " created_at BIGINT NOT NULL,\n"
             " finished_at BIGINT NULL\n"
             ");\n"
             "CREATE INDEX molar_jobs_due ON molar_jobs (state, run_at);\n"
             "CREATE INDEX molar_jobs_lease ON molar_jobs (state, lease_until);\n"
             "CREATE UNIQUE INDEX molar_jobs_dedupe ON molar_jobs (name, dedupe_key);\n"},
        {2, "schedules",
         "CREATE TABLE molar_schedules (\n"
         " name VARCHAR(100) NOT NULL PRIMARY KEY,\n"
         " next_run_at BIGINT NOT NULL,\n"
         " last_owner VARCHAR(120) NULL,\n"
         " last_run_at BIGINT NULL\n"
         ");\n"},
    };
}

} // namespace molar::host
