#include "db/ConnectionPool.h"

#include "molar/sdk/Errors.h"

#include <Poco/Data/MySQL/Connector.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Exception.h>
#include <sqlite3.h>

#include <mutex>

namespace molar::host {

namespace {
const auto IDLE_CHECK = std::chrono::seconds(30);
}

ConnectionPool::ConnectionPool(DatabaseUrl url, int size, int waitSeconds)
    : _url(std::move(url)), _size(size), _waitSeconds(waitSeconds)
{
    static std::once_flag registered;
    std::call_once(registered, [] {
        // SQLite counts the memory it allocates under one process-wide mutex unless told
        // not to; every thread's statements then wait on it (6 % of a list page's time
        // under load, more in the kernel). Nothing here reads those counts. Only possible
        // before SQLite's first use; later it answers SQLITE_MISUSE and stays as it is.
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
        Poco::Data::SQLite::Connector::registerConnector();
        Poco::Data::MySQL::Connector::registerConnector();
    });
}

ConnectionPool::Lease::Lease(ConnectionPool& pool, std::unique_ptr<Connection> connection)
    : _pool(&pool), _connection(std::move(connection))
{
}

ConnectionPool::Lease::~Lease()
{
    if (_connection)
        _pool->release(std::move(_connection));
}

ConnectionPool::Lease ConnectionPool::acquire()
{
    std::unique_lock<std::mutex> lock(_mutex);
    if (_idle.empty() && _open >= _size) {
        ++_waits;
        if (!_available.wait_for(lock, std::chrono::seconds(_waitSeconds),
                                 [this] { return !_idle.empty() || _open < _size; }))
            throw sdk::DatabaseError(
                "no database connection free after " + std::to_string(_waitSeconds) + " s", false);
    }
    ++_borrowed;
    while (!_idle.empty()) {
        auto connection = std::move(_idle.back());
        _idle.pop_back();
        // The client library does not reconnect by itself (that would cost a poll
        // on every statement): a connection idle for a while is checked first.
        if (std::chrono::steady_clock::now() - connection->lastUsed() > IDLE_CHECK && !connection->alive()) {
            --_open;
            continue;
        }
        return Lease(*this, std::move(connection));
    }
    ++_open;
    lock.unlock();
    try {
        return Lease(*this, std::make_unique<Connection>(_url));
    } catch (const std::exception& e) {
        lock.lock();
        --_open;
        --_borrowed;
        _available.notify_one();
        std::string text = e.what();
        if (auto* poco = dynamic_cast<const Poco::Exception*>(&e))
            text = poco->displayText();
        throw sdk::DatabaseError("cannot connect to " + _url.display + ": " + text, false);
    }
}

void ConnectionPool::release(std::unique_ptr<Connection> connection)
{
    connection->touch();
    std::lock_guard<std::mutex> lock(_mutex);
    --_borrowed;
    if (connection->broken())
        --_open;
    else
        _idle.push_back(std::move(connection));
    _available.notify_one();
}

int ConnectionPool::inUse() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _borrowed;
}

std::uint64_t ConnectionPool::waits() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _waits;
}

} // namespace molar::host
