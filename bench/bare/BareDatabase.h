#pragma once

#include "BareStatement.h"

#include <Poco/Data/Session.h>
#include <Poco/Types.h>

#include <functional>
#include <string>

namespace molar::bench {

// `sqlite:<path>` or `mysql://user:password@host:port/database`, turned into what
// Poco's connectors take, the same way molard reads its db.url.
struct BareDatabaseUrl
{
    std::string connector;        // "SQLite" or "MySQL"
    std::string connectionString; // what Poco::Data::Session takes

    // Throws std::invalid_argument with what is wrong.
    static BareDatabaseUrl parse(const std::string& url);
};

// A session set up like molard's connections, so both servers read through the
// same SQLite settings.
Poco::Data::Session openSession(const BareDatabaseUrl& url);

// The calling thread's session, opened on first use and shared by every page the thread
// serves (a Session copies as a handle to the same connection): one connection per server
// thread, as molard's pool holds at most one per thread.
Poco::Data::Session threadSession(const BareDatabaseUrl& url);

// Creates bench_items when missing and fills it with ItemCount rows, in one
// transaction, when it is empty.
void seedItems(const BareDatabaseUrl& url);

constexpr Poco::Int64 ItemCount = 10000;

// One server thread's connection and its primary-key SELECT, prepared once and
// re-executed with a new id per request (BareStatement): the cheapest way to read a
// row, the baseline the host's prepared-statement cache is measured against.
// Not thread-safe; each server thread has its own (see forThisThread).
class RowReader
{
public:
    explicit RowReader(const BareDatabaseUrl& url);

    // Fills `name` and returns true when a row has that id.
    bool read(Poco::Int64 id, std::string& name);

    // The calling thread's reader, opened on first use; after a failed statement
    // the next call opens a fresh one.
    static bool readOnThisThread(const BareDatabaseUrl& url, Poco::Int64 id, std::string& name);

private:
    Poco::Data::Session _session;
    BareStatement _select;
    Poco::Int64 _wanted = 0;
    Poco::Int64 _found = 0;
    std::string _name;
};

// How many times a second `page` runs, one call after another for `seconds`, after
// one untimed call that prepares its statements: a page's database floor.
double pagesPerSecond(const std::function<void()>& page, double seconds);

} // namespace molar::bench
