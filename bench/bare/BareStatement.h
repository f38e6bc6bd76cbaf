#pragma once

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/Types.h>

#include <string>
#include <variant>
#include <vector>

struct sqlite3_stmt;

namespace molar::bench {

// A statement prepared once and re-executed with the values its bound variables hold
// at each execution, the rows appended to the vectors bound for them: what
// Poco::Data::Statement's use() and into() do. On MySQL it is that statement. On
// SQLite, where Poco's connector compiles the SQL again on every execution, it keeps
// the compiled statement and only rebinds, as molard's connections do, so that the
// two servers read the database the same way. NULL reads as 0 or "", as Poco's
// default extraction does. Not thread-safe; one server thread's.
class BareStatement
{
public:
    explicit BareStatement(Poco::Data::Session& session);
    ~BareStatement();
    BareStatement(const BareStatement&) = delete;
    BareStatement& operator=(const BareStatement&) = delete;

    BareStatement& sql(const std::string& text);
    BareStatement& use(Poco::Int64& value);
    BareStatement& use(std::string& value);
    BareStatement& into(std::vector<Poco::Int64>& column);
    BareStatement& into(std::vector<std::string>& column);
    // The first row's value; unchanged when there is no row.
    BareStatement& into(Poco::Int64& value);
    BareStatement& into(std::string& value);

    // Runs the statement; answers the number of rows it returned.
    std::size_t execute();

private:
    using Use = std::variant<Poco::Int64*, std::string*>;
    using Into =
        std::variant<std::vector<Poco::Int64>*, std::vector<std::string>*, Poco::Int64*, std::string*>;

    template <typename Value> BareStatement& addUse(Value& value);
    template <typename Target> BareStatement& addInto(Target& target);
    std::size_t executeOnSqlite();
    [[noreturn]] void fail(int code);

    Poco::Data::Session _session;
    bool _sqlite;
    Poco::Data::Statement _poco; // MySQL
    std::string _sql;
    std::vector<Use> _uses;
    std::vector<Into> _intos;
    sqlite3_stmt* _compiled = nullptr;
};

} // namespace molar::bench
