#pragma once

#include "molar/sdk/Export.h"
#include "molar/sdk/Value.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace molar::sdk {

enum class Dialect
{
    SQLite,
    MySQL
};

using Params = std::vector<Value>;

// `text` as a LIKE pattern that matches it literally: '%', '_' and '!' are escaped
// with '!'. Write `column LIKE ? ESCAPE '!'` and bind, say, escapeLike(word) + "%".
// '!' rather than a backslash, which means different things to SQLite and to MySQL
// (its sql_mode). Inline, so a plugin that uses it asks nothing new of the host.
inline std::string escapeLike(const std::string& text)
{
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (c == '!' || c == '%' || c == '_')
            out += '!';
        out += c;
    }
    return out;
}

// The rows a query returned, copied out of the connection: safe to keep after the
// call. Column values are Null, Int, Double or String (BLOBs come back as String).
class MOLAR_SDK_API ResultSet
{
public:
    ResultSet() = default;
    ResultSet(std::vector<std::string> columns, std::vector<std::vector<Value>> rows);

    const std::vector<std::string>& columns() const { return _columns; }
    std::size_t size() const { return _rows.size(); }
    bool empty() const { return _rows.empty(); }
    const std::vector<Value>& row(std::size_t index) const { return _rows.at(index); }
    // The value of a named column; throws std::out_of_range for an unknown column.
    const Value& get(std::size_t row, const std::string& column) const;
    // Each row as an object keyed by column name, e.g. to hand to a view.
    Value toValue() const;

private:
    std::size_t columnIndex(const std::string& column) const;

    std::vector<std::string> _columns;
    std::vector<std::vector<Value>> _rows;
};

// Statements with `?` placeholders and bound parameters: the only way SQL reaches
// the database. There is no call that takes values spliced into SQL text.
// Statements are prepared once per pooled connection and re-executed.
// Errors throw DatabaseError.
class MOLAR_SDK_API SqlRunner
{
public:
    virtual ~SqlRunner();
    SqlRunner() = default;
    SqlRunner(const SqlRunner&) = delete; // interfaces are never copied or moved
    SqlRunner& operator=(const SqlRunner&) = delete;
    virtual ResultSet query(const std::string& sql, const Params& params = {}) = 0;
    // Returns the number of rows changed.
    virtual std::int64_t execute(const std::string& sql, const Params& params = {}) = 0;
    // Runs an INSERT and returns the id the database gave the new row.
    virtual std::int64_t insert(const std::string& sql, const Params& params = {}) = 0;
};

// One transaction on one connection. Events published and jobs enqueued through it
// commit or roll back with it.
//
// Ownership: host owns; valid only inside the Database::transaction() callback.
class MOLAR_SDK_API Transaction : public SqlRunner
{
public:
    ~Transaction() override;
    virtual Dialect dialect() const = 0;
};

// The deployment's database (SQLite or MySQL/MariaDB), shared by the host and every
// plugin. Each plugin owns tables prefixed with its own name, created by the SQL
// migrations it ships in `migrations/NNN_what.sql` (or `NNN_what.sqlite.sql` and
// `NNN_what.mysql.sql` where the dialects differ). Calls on this object run each
// statement in its own transaction. Thread-safe.
//
// Ownership: host owns; valid until Plugin::stop() returns.
class MOLAR_SDK_API Database : public SqlRunner
{
public:
    ~Database() override;
    virtual Dialect dialect() const = 0;
    // Runs `work` in one transaction: commits when it returns, rolls back and
    // rethrows when it throws.
    virtual void transaction(const std::function<void(Transaction&)>& work) = 0;
};

} // namespace molar::sdk
