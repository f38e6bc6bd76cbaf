#pragma once

#include "db/ConnectionPool.h"

#include <functional>
#include <string>
#include <vector>

namespace molar::host {

struct Migration
{
    int version = 0;
    std::string name;
    std::string sql; // one or more statements, each ending with ';' at the end of a line
};

// Applies each owner's versioned migrations once, in order, and records them in
// molar_migrations. Hosts sharing one database take a lock first (GET_LOCK on
// MySQL, the write lock on SQLite), so two hosts starting together migrate once.
// A migration whose text changed after it was applied stops start-up.
class Migrator
{
public:
    using Log = std::function<void(const std::string&)>;
    explicit Migrator(ConnectionPool& pool, Log log = {});

    // Reads <dir>/NNN_name.sql, preferring NNN_name.sqlite.sql or NNN_name.mysql.sql
    // for the given dialect. A missing folder means no migrations.
    static std::vector<Migration> fromDirectory(const std::string& dir, sdk::Dialect dialect);

    // Applies what is missing for `owner`; returns how many ran. Throws
    // std::runtime_error naming the owner, version and cause.
    int apply(const std::string& owner, const std::vector<Migration>& migrations);
    // The highest version recorded for `owner`, 0 if none.
    int appliedVersion(const std::string& owner);

private:
    void ensureTable(Connection& connection);

    ConnectionPool& _pool;
    Log _log;
};

// The statements of a migration file, comments dropped.
std::vector<std::string> splitStatements(const std::string& sql);

} // namespace molar::host
