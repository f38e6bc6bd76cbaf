#include "db/SqliteStatement.h"

#include "molar/sdk/Errors.h"

#include <Poco/Data/SQLite/SQLiteException.h>
#include <Poco/Data/SQLite/Utility.h>
#include <Poco/String.h>

#include <sqlite3.h>

namespace molar::host {

using Poco::Data::MetaColumn;
using Poco::Data::SQLite::Utility;

SqliteStatement::SqliteStatement(sqlite3* db, const std::string& sql) : _db(db)
{
    const char* rest = nullptr;
    const int code =
        sqlite3_prepare_v2(_db, sql.c_str(), static_cast<int>(sql.size() + 1), &_statement, &rest);
    if (code != SQLITE_OK)
        fail(code);
    if (_statement == nullptr)
        throw Poco::Data::SQLite::InvalidSQLStatementException("Empty statements are illegal");
    // Poco's connector ran every statement of a batch; this runs one, so it refuses
    // a batch rather than skip its tail.
    if (rest != nullptr && !Poco::trim(std::string(rest)).empty()) {
        sqlite3_finalize(_statement);
        _statement = nullptr;
        throw Poco::Data::SQLite::InvalidSQLStatementException("One statement at a time",
                                                               Poco::trim(std::string(rest)));
    }
}

SqliteStatement::~SqliteStatement()
{
    sqlite3_finalize(_statement);
}

void SqliteStatement::fail(int code)
{
    const std::string message = sqlite3_errmsg(_db);
    // Reset, so a failed statement holds no lock or snapshot; the message was read first.
    if (_statement != nullptr)
        sqlite3_reset(_statement);
    Utility::throwException(_db, code, message);
    throw Poco::Data::SQLite::SQLiteException(message); // throwException returns only for SQLITE_OK
}

void SqliteStatement::bind(const sdk::Params& params)
{
    sqlite3_reset(_statement);
    const int expected = sqlite3_bind_parameter_count(_statement);
    if (expected != static_cast<int>(params.size()))
        throw Poco::Data::SQLite::ParameterCountMismatchException();
    for (int i = 0; i < expected; ++i) {
        const sdk::Value& value = params[static_cast<std::size_t>(i)];
        int code = SQLITE_OK;
        switch (value.type()) {
        case sdk::Value::Type::Null:
            code = sqlite3_bind_null(_statement, i + 1);
            break;
        case sdk::Value::Type::Bool:
            code = sqlite3_bind_int64(_statement, i + 1, value.asBool() ? 1 : 0);
            break;
        case sdk::Value::Type::Int:
            code = sqlite3_bind_int64(_statement, i + 1, value.asInt());
            break;
        case sdk::Value::Type::Double:
            code = sqlite3_bind_double(_statement, i + 1, value.asDouble());
            break;
        case sdk::Value::Type::String: {
            const std::string& text = value.asString();
            code = sqlite3_bind_text(_statement, i + 1, text.data(), static_cast<int>(text.size()),
                                     SQLITE_TRANSIENT);
            break;
        }
        default:
            throw sdk::DatabaseError("arrays and objects cannot be bound as SQL parameters", false);
        }
        if (code != SQLITE_OK)
            fail(code);
    }
}

void SqliteStatement::describeColumns()
{
    const int compilations = sqlite3_stmt_status(_statement, SQLITE_STMTSTATUS_REPREPARE, 0);
    if (compilations == _compilations)
        return;
    const int count = sqlite3_column_count(_statement);
    _columns.clear();
    _types.clear();
    for (int c = 0; c < count; ++c) {
        _columns.emplace_back(sqlite3_column_name(_statement, c));
        _types.push_back(Utility::getColumnType(_statement, static_cast<std::size_t>(c)));
    }
    _compilations = compilations;
}

bool SqliteStatement::step()
{
    const int code = sqlite3_step(_statement);
    if (code == SQLITE_ROW)
        return true;
    if (code != SQLITE_DONE)
        fail(code);
    return false;
}

sdk::Value SqliteStatement::column(int index) const
{
    if (sqlite3_column_type(_statement, index) == SQLITE_NULL)
        return {};
    // The narrowing of each integer type is the one Poco's connector applies.
    switch (_types[static_cast<std::size_t>(index)]) {
    case MetaColumn::FDT_BOOL:
        return static_cast<std::int64_t>(sqlite3_column_int(_statement, index) != 0 ? 1 : 0);
    case MetaColumn::FDT_INT8:
        return static_cast<std::int64_t>(static_cast<Poco::Int8>(sqlite3_column_int(_statement, index)));
    case MetaColumn::FDT_UINT8:
        return static_cast<std::int64_t>(static_cast<Poco::UInt8>(sqlite3_column_int(_statement, index)));
    case MetaColumn::FDT_INT16:
        return static_cast<std::int64_t>(static_cast<Poco::Int16>(sqlite3_column_int(_statement, index)));
    case MetaColumn::FDT_UINT16:
        return static_cast<std::int64_t>(static_cast<Poco::UInt16>(sqlite3_column_int(_statement, index)));
    case MetaColumn::FDT_INT32:
        return static_cast<std::int64_t>(sqlite3_column_int(_statement, index));
    case MetaColumn::FDT_UINT32:
        return static_cast<std::int64_t>(static_cast<Poco::UInt32>(sqlite3_column_int(_statement, index)));
    case MetaColumn::FDT_INT64:
    case MetaColumn::FDT_UINT64:
        return static_cast<std::int64_t>(sqlite3_column_int64(_statement, index));
    case MetaColumn::FDT_FLOAT:
    case MetaColumn::FDT_DOUBLE:
        return sqlite3_column_double(_statement, index);
    case MetaColumn::FDT_BLOB: {
        const auto* bytes = static_cast<const char*>(sqlite3_column_blob(_statement, index));
        const int size = sqlite3_column_bytes(_statement, index);
        return bytes == nullptr ? std::string() : std::string(bytes, static_cast<std::size_t>(size));
    }
    default: {
        // Text, and the date and time types, which Molar's schemas store as text.
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(_statement, index));
        const int size = sqlite3_column_bytes(_statement, index);
        return text == nullptr ? std::string() : std::string(text, static_cast<std::size_t>(size));
    }
    }
}

sdk::ResultSet SqliteStatement::query(const sdk::Params& params)
{
    bind(params);
    std::vector<std::vector<sdk::Value>> rows;
    bool more = step();
    describeColumns(); // after the first step, which recompiles a statement the schema outdated
    for (; more; more = step()) {
        std::vector<sdk::Value> row;
        row.reserve(_types.size());
        for (int c = 0; c < static_cast<int>(_types.size()); ++c)
            row.push_back(column(c));
        rows.push_back(std::move(row));
    }
    // Done: the statement holds no read snapshot while it waits in the cache.
    sqlite3_reset(_statement);
    return sdk::ResultSet(_columns, std::move(rows));
}

std::size_t SqliteStatement::execute(const sdk::Params& params)
{
    bind(params);
    std::size_t rows = 0;
    while (step())
        ++rows;
    const std::size_t changed =
        sqlite3_stmt_readonly(_statement) ? 0 : static_cast<std::size_t>(sqlite3_changes(_db));
    sqlite3_reset(_statement);
    return rows == 0 ? changed : rows;
}

} // namespace molar::host
