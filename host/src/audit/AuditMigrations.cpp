#include "audit/AuditMigrations.h"

namespace molar::host {

namespace {

// Each trigger is one line: the Migrator ends a statement at a line ending in ';',
// and the SQLite body's inner ';' must not be taken for that end.
std::string appendOnlyTriggers(sdk::Dialect dialect)
{
    const std::string refuse = "'the audit log is append-only'";
    std::string out;
    for (const char* event : {"UPDATE", "DELETE"}) {
        const std::string name = std::string("molar_audit_no_") + (event[0] == 'U' ? "update" : "delete");
        if (dialect == sdk::Dialect::SQLite)
            out += "CREATE TRIGGER " + name + " BEFORE " + event +
                   " ON molar_audit BEGIN SELECT RAISE(ABORT, " + refuse + "); END;\n";
        else
            out += "CREATE TRIGGER " + name + " BEFORE " + event +
                   " ON molar_audit FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = " + refuse +
                   ";\n";
    }
    return out;
}

} // namespace

std::vector<Migration> auditMigrations(sdk::Dialect dialect)
{
    const std::string id = dialect == sdk::Dialect::SQLite ? "id INTEGER PRIMARY KEY AUTOINCREMENT"
                                                           : "id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY";
    // at: milliseconds since the epoch, UTC. A NULL user or organization means the
    // system acted, or no clinic organization is concerned.
    return {
        {1, "audit",
         "CREATE TABLE molar_audit (\n " + id +
             ",\n"
             " at BIGINT NOT NULL,\n"
             " actor_user_id BIGINT NULL,\n"
             " actor_label VARCHAR(200) NOT NULL DEFAULT '',\n"
             " address VARCHAR(64) NOT NULL DEFAULT '',\n"
             " action VARCHAR(100) NOT NULL,\n"
             " object_type VARCHAR(50) NOT NULL DEFAULT '',\n"
             " object_id VARCHAR(100) NOT NULL DEFAULT '',\n"
             " organization_id BIGINT NULL,\n"
             " detail VARCHAR(1000) NOT NULL DEFAULT ''\n"
             ");\n"
             // Lists are newest first by id: the (..., id) indexes page through one
             // action or organization without sorting all its rows; the (..., at)
             // ones serve a date range. The object index ends in the row id anyway.
             "CREATE INDEX molar_audit_at ON molar_audit (at);\n"
             "CREATE INDEX molar_audit_action ON molar_audit (action, at);\n"
             "CREATE INDEX molar_audit_action_id ON molar_audit (action, id);\n"
             "CREATE INDEX molar_audit_organization ON molar_audit (organization_id, at);\n"
             "CREATE INDEX molar_audit_organization_id ON molar_audit (organization_id, id);\n"
             "CREATE INDEX molar_audit_object ON molar_audit (object_type, object_id);\n" +
             appendOnlyTriggers(dialect)},
    };
}

} // namespace molar::host
