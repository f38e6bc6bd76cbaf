#pragma once

#include "db/Connection.h"
#include "db/DatabaseUrl.h"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

namespace molar::host {

// A fixed-size pool of connections, each keeping its prepared statements. A
// borrower that waits longer than the timeout gets a DatabaseError rather than
// hanging its request. A connection that broke is dropped and replaced lazily.
class ConnectionPool
{
public:
    ConnectionPool(DatabaseUrl url, int size, int waitSeconds = 10);

    class Lease
    {
    public:
        Lease(ConnectionPool& pool, std::unique_ptr<Connection> connection);
        Lease(Lease&& other) noexcept = default;
        ~Lease();
        Connection& operator*() { return *_connection; }
        Connection* operator->() { return _connection.get(); }

    private:
        ConnectionPool* _pool;
        std::unique_ptr<Connection> _connection;
    };

    Lease acquire();
    const DatabaseUrl& url() const { return _url; }
    int size() const { return _size; }
    int inUse() const;
    std::uint64_t waits() const;

private:
    void release(std::unique_ptr<Connection> connection);

    DatabaseUrl _url;
    int _size;
    int _waitSeconds;
    mutable std::mutex _mutex;
    std::condition_variable _available;
    std::vector<std::unique_ptr<Connection>> _idle;
    int _open = 0; // connections created and not dropped
    int _borrowed = 0;
    std::uint64_t _waits = 0;
};

} // namespace molar::host
