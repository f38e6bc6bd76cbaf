#pragma once

#include "db/DatabaseUrl.h"
#include "db/SqliteStatement.h"

#include "molar/sdk/Database.h"

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include <chrono>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace molar::host {

// One database connection and the statements prepared on it. A statement is
// prepared the first time its SQL (with one shape of parameters) runs on this
// connection and re-executed afterwards with new values: on MySQL one round trip
// instead of prepare, execute and close on every call. On SQLite the statements
// bypass Poco::Data's statement (which compiles its SQL again on every execution)
// for SqliteStatement. Not thread-safe: the pool hands a connection to one thread
// at a time.
class Connection
{
public:
    explicit Connection(const DatabaseUrl& url);
    ~Connection();

    sdk::ResultSet query(const std::string& sql, const sdk::Params& params);
    std::int64_t execute(const std::string& sql, const sdk::Params& params);
    std::int64_t insert(const std::string& sql, const sdk::Params& params);
    // Runs SQL with no parameters and no result, unprepared (DDL, locks, pragmas).
    void run(const std::string& sql);

    void begin();
    void commit();
    void rollback();

    sdk::Dialect dialect() const { return _dialect; }
    // True once an error left the connection unusable; the pool drops it.
    bool broken() const { return _broken; }
    // Checks a connection that sat idle (the server may have closed it) with a
    // cheap query; false marks it broken.
    bool alive();
    // How many statements this connection has compiled on SQLite: a statement run
    // again is not compiled again.
    std::size_t sqliteCompilations() const { return _sqliteCompilations; }
    std::chrono::steady_clock::time_point lastUsed() const { return _lastUsed; }
    void touch() { _lastUsed = std::chrono::steady_clock::now(); }

private:
    struct Slot
    {
        Poco::Int64 integer = 0;
        double real = 0;
        std::string text;
        Poco::Data::NullData null = Poco::NULL_GENERIC;
    };
    struct Prepared
    {
        explicit Prepared(Poco::Data::Session& session) : statement(session) {}
        Poco::Data::Statement statement;
        std::vector<Slot> slots;
    };

    void switchToWal();
    Prepared& prepare(const std::string& sql, const sdk::Params& params);
    std::size_t run(Prepared& prepared, const std::string& sql, const sdk::Params& params);
    SqliteStatement& sqliteStatement(const std::string& sql);
    // `work` on the SQL's kept SQLite statement; its errors reported as fail() does.
    template <typename Work> auto onSqlite(const std::string& sql, Work&& work);
    [[noreturn]] void fail(const std::string& sql, const std::exception& error);

    sdk::Dialect _dialect;
    Poco::Data::Session _session;
    std::unordered_map<std::string, std::unique_ptr<Prepared>> _prepared;
    std::unordered_map<std::string, std::unique_ptr<SqliteStatement>> _sqlite;
    std::size_t _sqliteCompilations = 0;
    bool _broken = false;
    std::chrono::steady_clock::time_point _lastUsed = std::chrono::steady_clock::now();
};

} // namespace molar::host
