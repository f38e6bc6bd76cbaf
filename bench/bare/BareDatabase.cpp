#include "BareDatabase.h"

#include <Poco/NumberParser.h>
#include <Poco/URI.h>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <vector>

using namespace Poco::Data::Keywords;

namespace molar::bench {

namespace {

std::string decode(const std::string& text)
{
    std::string out;
    Poco::URI::decode(text, out);
    return out;
}

} // namespace

BareDatabaseUrl BareDatabaseUrl::parse(const std::string& url)
{
    BareDatabaseUrl result;
    if (url.rfind("sqlite:", 0) == 0) {
        result.connector = "SQLite";
        result.connectionString = url.substr(7);
        if (result.connectionString.empty())
            throw std::invalid_argument("sqlite: URL has no file path");
        return result;
    }
    const std::string scheme = "mysql://";
    if (url.rfind(scheme, 0) != 0)
        throw std::invalid_argument("database URL must start with sqlite: or mysql://");
    const std::string rest = url.substr(scheme.size());
    const auto at = rest.rfind('@');
    const auto slash = rest.find('/', at == std::string::npos ? 0 : at);
    if (at == std::string::npos || slash == std::string::npos || slash + 1 >= rest.size())
        throw std::invalid_argument("mysql URL must be mysql://user:password@host:port/database");
    const std::string userInfo = rest.substr(0, at);
    const std::string hostPort = rest.substr(at + 1, slash - at - 1);
    const auto colon = userInfo.find(':');
    const std::string user = decode(userInfo.substr(0, colon));
    const std::string password = colon == std::string::npos ? "" : decode(userInfo.substr(colon + 1));
    std::string host = hostPort;
    unsigned port = 3306;
    const auto portColon = hostPort.rfind(':');
    if (portColon != std::string::npos) {
        host = hostPort.substr(0, portColon);
        if (!Poco::NumberParser::tryParseUnsigned(hostPort.substr(portColon + 1), port) || port == 0 ||
            port > 65535)
            throw std::invalid_argument("mysql URL has a bad port: " + hostPort.substr(portColon + 1));
    }
    if (host.empty() || user.empty())
        throw std::invalid_argument("mysql URL needs a user and a host");
    result.connector = "MySQL";
    result.connectionString = "host=" + host + ";port=" + std::to_string(port) + ";user=" + user +
                              ";password=" + password + ";db=" + decode(rest.substr(slash + 1)) +
                              ";compress=false;protocol=tcp";
    return result;
}

Poco::Data::Session threadSession(const BareDatabaseUrl& url)
{
    thread_local std::unique_ptr<Poco::Data::Session> session;
    if (!session)
        session = std::make_unique<Poco::Data::Session>(openSession(url));
    return *session;
}

Poco::Data::Session openSession(const BareDatabaseUrl& url)
{
    Poco::Data::Session session(url.connector, url.connectionString);
    if (url.connector == "SQLite") {
        // molard's settings: WAL so readers never wait for one another.
        session.setConnectionTimeout(10);
        session << "PRAGMA journal_mode=WAL", now;
        session << "PRAGMA busy_timeout=10000", now;
        session << "PRAGMA synchronous=NORMAL", now;
    }
    return session;
}

void seedItems(const BareDatabaseUrl& url)
{
    Poco::Data::Session session = openSession(url);
    session << "CREATE TABLE IF NOT EXISTS bench_items (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL)",
        now;
    Poco::Int64 count = 0;
    session << "SELECT COUNT(*) FROM bench_items", into(count), now;
    if (count > 0)
        return;

    std::vector<Poco::Int64> ids;
    std::vector<std::string> names;
    ids.reserve(ItemCount);
    names.reserve(ItemCount);
    for (Poco::Int64 id = 1; id <= ItemCount; ++id) {
        ids.push_back(id);
        names.push_back("item " + std::to_string(id));
    }
    // One transaction: 10,000 autocommits would take seconds on SQLite.
    session.begin();
    try {
        session << "INSERT INTO bench_items (id, name) VALUES (?, ?)", use(ids), use(names), now;
        session.commit();
    } catch (...) {
        session.rollback();
        throw;
    }
}

RowReader::RowReader(const BareDatabaseUrl& url) : _session(threadSession(url)), _select(_session)
{
    _select.sql("SELECT id, name FROM bench_items WHERE id = ?").use(_wanted).into(_found).into(_name);
}

bool RowReader::read(Poco::Int64 id, std::string& name)
{
    _wanted = id;
    // For a SELECT, execute() answers the number of rows extracted.
    if (_select.execute() == 0)
        return false;
    name = _name;
    return true;
}

bool RowReader::readOnThisThread(const BareDatabaseUrl& url, Poco::Int64 id, std::string& name)
{
    // Destroyed when the server's pool ends the thread, closing its connection.
    thread_local std::unique_ptr<RowReader> reader;
    if (!reader)
        reader = std::make_unique<RowReader>(url);
    try {
        return reader->read(id, name);
    } catch (...) {
        // A failed statement may leave the session unusable; reconnect next time.
        reader.reset();
        throw;
    }
}

double pagesPerSecond(const std::function<void()>& page, double seconds)
{
    page();
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    const auto end =
        start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    long pages = 0;
    auto at = start;
    while (at < end) {
        page();
        ++pages;
        at = Clock::now();
    }
    return static_cast<double>(pages) / std::chrono::duration<double>(at - start).count();
}

} // namespace molar::bench
