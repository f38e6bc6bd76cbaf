#pragma once

#include "molar/sdk/Database.h"

#include <Poco/Data/MetaColumn.h>

#include <cstddef>
#include <string>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace molar::host {

// One SQL statement compiled once on a SQLite connection and run again with new
// values. Poco::Data's SQLite connector compiles a statement's SQL afresh on every
// execution, which cost list pages a fifth of their time; this keeps the compiled
// program and only rebinds. Columns come back as Poco's connector returns them:
// the type is chosen from the column's declared type by Poco's own table (an
// expression such as COUNT(*) has none and comes back as text), so results are the
// same whichever path read them. Errors throw the exceptions Poco's connector
// throws. Not thread-safe: it belongs to one Connection.
class SqliteStatement
{
public:
    SqliteStatement(sqlite3* db, const std::string& sql);
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;

    // Runs the statement to its end and returns its rows.
    sdk::ResultSet query(const sdk::Params& params);
    // Runs the statement to its end and returns the rows it changed (for a write)
    // or the rows it returned (for a read).
    std::size_t execute(const sdk::Params& params);

private:
    void bind(const sdk::Params& params);
    // Reads the columns' names and types again when SQLite recompiled the statement
    // after a schema change (a `SELECT *` may have gained a column).
    void describeColumns();
    sdk::Value column(int index) const;
    // Steps once; true while a row is ready. Throws Poco's exception for an error.
    bool step();
    [[noreturn]] void fail(int code);

    sqlite3* _db;
    sqlite3_stmt* _statement = nullptr;
    std::vector<std::string> _columns;
    std::vector<Poco::Data::MetaColumn::ColumnDataType> _types;
    int _compilations = -1;
};

} // namespace molar::host
