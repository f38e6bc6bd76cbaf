#include "db/Connection.h"

#include "molar/sdk/Errors.h"

#include <Poco/Data/LOB.h>
#include <Poco/Data/MySQL/SessionImpl.h>
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/SQLite/SQLiteException.h>
#include <Poco/Data/SQLite/Utility.h>
#include <Poco/Exception.h>
#include <sqlite3.h>

#include <chrono>
#include <stdexcept>
#include <thread>

namespace molar::host {

using namespace Poco::Data::Keywords;

namespace {

char typeCode(const sdk::Value& v)
{
    switch (v.type()) {
    case sdk::Value::Type::Null:
        return 'n';
    case sdk::Value::Type::Bool:
    case sdk::Value::Type::Int:
        return 'i';
    case sdk::Value::Type::Double:
        return 'd';
    case sdk::Value::Type::String:
        return 's';
    default:
        throw sdk::DatabaseError("arrays and objects cannot be bound as SQL parameters", false);
    }
}

sdk::Value toValue(const Poco::Dynamic::Var& var)
{
    if (var.isEmpty())
        return {};
    if (var.type() == typeid(Poco::Data::BLOB)) {
        const auto& blob = var.extract<Poco::Data::BLOB>();
        return std::string(blob.rawContent(), blob.rawContent() + blob.size());
    }
    if (var.type() == typeid(Poco::Data::CLOB)) {
        const auto& clob = var.extract<Poco::Data::CLOB>();
        return std::string(clob.rawContent(), clob.rawContent() + clob.size());
    }
    if (var.isInteger() || var.isBoolean())
        return static_cast<std::int64_t>(var.convert<Poco::Int64>());
    if (var.isNumeric())
        return var.convert<double>();
    return var.convert<std::string>();
}

// The client library's handle under a MySQL session, for the calls Poco does not offer
// or makes dearer.
MYSQL* mysqlHandle(Poco::Data::Session& session)
{
    auto* impl = dynamic_cast<Poco::Data::MySQL::SessionImpl*>(session.impl());
    if (!impl)
        throw std::logic_error("not a MySQL session");
    return impl->handle();
}

// Poco's MySQL begin() turns autocommit off and its commit() and rollback() leave
// it off: every later statement on the connection would then join one long
// transaction nobody commits (stale reads, row locks held, writes lost with the
// connection). A connection whose transaction state is unknown is not reused.
// The client library's own call costs one round trip; Poco's autoCommit feature
// prepares, runs and closes a SET statement, three.
void endMySqlTransaction(Poco::Data::Session& session)
{
    MYSQL* handle = mysqlHandle(session);
    if (mysql_autocommit(handle, 1) != 0)
        throw std::runtime_error(std::string("SET autocommit=1: ") + mysql_error(handle));
}

bool isConflict(const std::exception& error)
{
    if (dynamic_cast<const Poco::Data::SQLite::ConstraintViolationException*>(&error))
        return true;
    std::string text = error.what();
    if (auto* poco = dynamic_cast<const Poco::Exception*>(&error))
        text = poco->displayText();
    return text.find("Duplicate entry") != std::string::npos ||
           text.find("UNIQUE constraint") != std::string::npos;
}

} // namespace

Connection::Connection(const DatabaseUrl& url)
    : _dialect(url.dialect), _session(url.connector, url.connectionString)
{
    if (_dialect == sdk::Dialect::SQLite) {
        // Wait for a writer instead of failing with "database is locked"; WAL lets
        // readers run beside the one writer.
        _session.setConnectionTimeout(10);
        // The busy timeout first: even switching the journal mode waits for a lock
        // that another connection (a migration, say) may hold.
        run("PRAGMA busy_timeout=10000");
        switchToWal();
        run("PRAGMA foreign_keys=ON");
        run("PRAGMA synchronous=NORMAL");
    } else {
        run("SET SESSION "
            "sql_mode='STRICT_ALL_TABLES,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'");
        run("SET SESSION time_zone='+00:00'");
        // No gap locks: the outbox's SKIP LOCKED claims and its completions touch
        // neighbouring index entries, and REPEATABLE READ's gap locks turn that
        // into deadlocks.
        run("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
    }
}

Connection::~Connection()
{
    _sqlite.clear();
    _prepared.clear();
    try {
        _session.close();
    } catch (...) {
    }
}

void Connection::switchToWal()
{
    // Two connections opening a new file together may both find it in rollback mode;
    // the switch needs a lock SQLite's busy handler does not wait for, so the loser
    // retries until the winner has switched the file (WAL is then persistent).
    for (int attempt = 0;; ++attempt) {
        auto mode = query("PRAGMA journal_mode", {});
        if (!mode.empty() && mode.row(0).at(0).toString() == "wal")
            return;
        try {
            run("PRAGMA journal_mode=WAL");
            return;
        } catch (const sdk::DatabaseError&) {
            if (attempt >= 200)
                throw;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }
}

bool Connection::alive()
{
    try {
        query("SELECT 1", {});
        return true;
    } catch (const std::exception&) {
        _broken = true;
        return false;
    }
}

void Connection::run(const std::string& sql)
{
    try {
        _session << sql, now;
    } catch (const std::exception& e) {
        fail(sql, e);
    }
}

void Connection::fail(const std::string& sql, const std::exception& error)
{
    std::string text = error.what();
    if (auto* poco = dynamic_cast<const Poco::Exception*>(&error))
        text = poco->displayText();
    try {
        if (!_session.isConnected() || !_session.isGood())
            _broken = true;
    } catch (...) {
        _broken = true;
    }
    throw sdk::DatabaseError(text + " [" + sql.substr(0, 200) + "]", isConflict(error));
}

Connection::Prepared& Connection::prepare(const std::string& sql, const sdk::Params& params)
{
    std::string key;
    key.reserve(params.size() + 1 + sql.size());
    for (const auto& p : params)
        key += typeCode(p);
    key += '|';
    key += sql;
    auto found = _prepared.find(key);
    if (found != _prepared.end())
        return *found->second;

    auto prepared = std::make_unique<Prepared>(_session);
    prepared->slots.resize(params.size()); // never resized again: bindings point into it
    prepared->statement << sql;
    for (std::size_t i = 0; i < params.size(); ++i) {
        Slot& slot = prepared->slots[i];
        switch (key[i]) {
        case 'n':
            prepared->statement, use(slot.null);
            break;
        case 'i':
            prepared->statement, use(slot.integer);
            break;
        case 'd':
            prepared->statement, use(slot.real);
            break;
        default:
            prepared->statement, use(slot.text);
            break;
        }
    }
    return *_prepared.emplace(key, std::move(prepared)).first->second;
}

std::size_t Connection::run(Prepared& prepared, const std::string& sql, const sdk::Params& params)
{
    for (std::size_t i = 0; i < params.size(); ++i) {
        const auto& p = params[i];
        Slot& slot = prepared.slots[i];
        switch (p.type()) {
        case sdk::Value::Type::Bool:
            slot.integer = p.asBool() ? 1 : 0;
            break;
        case sdk::Value::Type::Int:
            slot.integer = p.asInt();
            break;
        case sdk::Value::Type::Double:
            slot.real = p.asDouble();
            break;
        case sdk::Value::Type::String:
            slot.text = p.asString();
            break;
        default:
            break;
        }
    }
    try {
        return prepared.statement.execute();
    } catch (const std::exception& e) {
        // A failed statement may be left in any state; prepare it afresh next time.
        for (auto it = _prepared.begin(); it != _prepared.end(); ++it)
            if (it->second.get() == &prepared) {
                _prepared.erase(it);
                break;
            }
        fail(sql, e);
    }
}

SqliteStatement& Connection::sqliteStatement(const std::string& sql)
{
    auto found = _sqlite.find(sql);
    if (found != _sqlite.end())
        return *found->second;
    auto statement = std::make_unique<SqliteStatement>(Poco::Data::SQLite::Utility::dbHandle(_session), sql);
    ++_sqliteCompilations;
    return *_sqlite.emplace(sql, std::move(statement)).first->second;
}

template <typename Work> auto Connection::onSqlite(const std::string& sql, Work&& work)
{
    try {
        return work(sqliteStatement(sql));
    } catch (const sdk::DatabaseError&) {
        throw;
    } catch (const std::exception& e) {
        fail(sql, e);
    }
}

sdk::ResultSet Connection::query(const std::string& sql, const sdk::Params& params)
{
    if (_dialect == sdk::Dialect::SQLite)
        return onSqlite(sql, [&](SqliteStatement& statement) { return statement.query(params); });
    Prepared& prepared = prepare(sql, params);
    run(prepared, sql, params);
    try {
        Poco::Data::RecordSet records(prepared.statement);
        std::vector<std::string> columns;
        const std::size_t columnCount = records.columnCount();
        columns.reserve(columnCount);
        for (std::size_t c = 0; c < columnCount; ++c)
            columns.push_back(records.columnName(c));
        std::vector<std::vector<sdk::Value>> rows;
        const std::size_t rowCount = records.rowCount();
        rows.reserve(rowCount);
        for (std::size_t r = 0; r < rowCount; ++r) {
            std::vector<sdk::Value> row;
            row.reserve(columnCount);
            for (std::size_t c = 0; c < columnCount; ++c)
                row.push_back(toValue(records.value(c, r)));
            rows.push_back(std::move(row));
        }
        return sdk::ResultSet(std::move(columns), std::move(rows));
    } catch (const sdk::DatabaseError&) {
        throw;
    } catch (const std::exception& e) {
        fail(sql, e);
    }
}

std::int64_t Connection::execute(const std::string& sql, const sdk::Params& params)
{
    if (_dialect == sdk::Dialect::SQLite)
        return onSqlite(sql, [&](SqliteStatement& statement) {
            return static_cast<std::int64_t>(statement.execute(params));
        });
    return static_cast<std::int64_t>(run(prepare(sql, params), sql, params));
}

std::int64_t Connection::insert(const std::string& sql, const sdk::Params& params)
{
    execute(sql, params);
    // Both connections know the id without another statement: SQLite's from the insert,
    // MySQL's from the server's answer to it.
    if (_dialect == sdk::Dialect::SQLite)
        return sqlite3_last_insert_rowid(Poco::Data::SQLite::Utility::dbHandle(_session));
    return static_cast<std::int64_t>(mysql_insert_id(mysqlHandle(_session)));
}

void Connection::begin()
{
    // IMMEDIATE takes SQLite's write lock up front, so two transactions that read
    // then write wait for each other instead of failing on the upgrade.
    if (_dialect == sdk::Dialect::SQLite) {
        execute("BEGIN IMMEDIATE", {});
        return;
    }
    // MySQL's transaction statements go through the client library's own calls,
    // not the prepared-statement protocol.
    try {
        _session.begin();
    } catch (const std::exception& e) {
        fail("START TRANSACTION", e);
    }
}

void Connection::commit()
{
    if (_dialect == sdk::Dialect::SQLite) {
        execute("COMMIT", {});
        return;
    }
    try {
        _session.commit();
        endMySqlTransaction(_session);
    } catch (const std::exception& e) {
        _broken = true;
        fail("COMMIT", e);
    }
}

void Connection::rollback()
{
    if (_dialect == sdk::Dialect::SQLite) {
        execute("ROLLBACK", {});
        return;
    }
    try {
        _session.rollback();
        endMySqlTransaction(_session);
    } catch (const std::exception& e) {
        _broken = true;
        fail("ROLLBACK", e);
    }
}

} // namespace molar::host
