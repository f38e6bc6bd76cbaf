#include "BareStatement.h"

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SQLite/Utility.h>

#include <sqlite3.h>

#include <stdexcept>
#include <type_traits>

namespace molar::bench {

using namespace Poco::Data::Keywords;

BareStatement::BareStatement(Poco::Data::Session& session)
    : _session(session), _sqlite(session.connector() == Poco::Data::SQLite::Connector::KEY), _poco(session)
{
}

BareStatement::~BareStatement()
{
    sqlite3_finalize(_compiled);
}

BareStatement& BareStatement::sql(const std::string& text)
{
    _sql = text;
    if (!_sqlite)
        _poco << text;
    return *this;
}

template <typename Value> BareStatement& BareStatement::addUse(Value& value)
{
    _uses.emplace_back(&value);
    if (!_sqlite)
        _poco, Poco::Data::Keywords::use(value);
    return *this;
}

template <typename Target> BareStatement& BareStatement::addInto(Target& target)
{
    _intos.emplace_back(&target);
    if (!_sqlite)
        _poco, Poco::Data::Keywords::into(target);
    return *this;
}

BareStatement& BareStatement::use(Poco::Int64& value)
{
    return addUse(value);
}

BareStatement& BareStatement::use(std::string& value)
{
    return addUse(value);
}

BareStatement& BareStatement::into(std::vector<Poco::Int64>& column)
{
    return addInto(column);
}

BareStatement& BareStatement::into(std::vector<std::string>& column)
{
    return addInto(column);
}

BareStatement& BareStatement::into(Poco::Int64& value)
{
    return addInto(value);
}

BareStatement& BareStatement::into(std::string& value)
{
    return addInto(value);
}

std::size_t BareStatement::execute()
{
    return _sqlite ? executeOnSqlite() : _poco.execute();
}

void BareStatement::fail(int code)
{
    const std::string message = sqlite3_errmsg(Poco::Data::SQLite::Utility::dbHandle(_session));
    if (_compiled)
        sqlite3_reset(_compiled);
    throw std::runtime_error("SQLite error " + std::to_string(code) + ": " + message + " [" + _sql + "]");
}

std::size_t BareStatement::executeOnSqlite()
{
    if (!_compiled) {
        const int code = sqlite3_prepare_v2(Poco::Data::SQLite::Utility::dbHandle(_session), _sql.c_str(),
                                            static_cast<int>(_sql.size() + 1), &_compiled, nullptr);
        if (code != SQLITE_OK)
            fail(code);
    }
    for (std::size_t i = 0; i < _uses.size(); ++i) {
        const int position = static_cast<int>(i + 1);
        const int code =
            std::holds_alternative<Poco::Int64*>(_uses[i])
                ? sqlite3_bind_int64(_compiled, position, *std::get<Poco::Int64*>(_uses[i]))
                : sqlite3_bind_text(_compiled, position, std::get<std::string*>(_uses[i])->data(),
                                    static_cast<int>(std::get<std::string*>(_uses[i])->size()),
                                    SQLITE_TRANSIENT);
        if (code != SQLITE_OK)
            fail(code);
    }
    std::size_t rows = 0;
    for (int code = sqlite3_step(_compiled);; code = sqlite3_step(_compiled)) {
        if (code == SQLITE_DONE)
            break;
        if (code != SQLITE_ROW)
            fail(code);
        for (std::size_t c = 0; c < _intos.size(); ++c) {
            const int column = static_cast<int>(c);
            const auto text = [&] {
                const auto* chars = reinterpret_cast<const char*>(sqlite3_column_text(_compiled, column));
                return chars ? std::string(chars,
                                           static_cast<std::size_t>(sqlite3_column_bytes(_compiled, column)))
                             : std::string();
            };
            std::visit(
                [&](auto* target) {
                    using Target = std::remove_pointer_t<decltype(target)>;
                    if constexpr (std::is_same_v<Target, std::vector<Poco::Int64>>)
                        target->push_back(sqlite3_column_int64(_compiled, column));
                    else if constexpr (std::is_same_v<Target, std::vector<std::string>>)
                        target->push_back(text());
                    else if constexpr (std::is_same_v<Target, Poco::Int64>) {
                        if (rows == 0)
                            *target = sqlite3_column_int64(_compiled, column);
                    } else if (rows == 0)
                        *target = text();
                },
                _intos[c]);
        }
        ++rows;
    }
    sqlite3_reset(_compiled);
    return rows;
}

} // namespace molar::bench
