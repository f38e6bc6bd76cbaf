#pragma once

#include "db/ConnectionPool.h"

#include "molar/sdk/Database.h"

#include <functional>
#include <vector>

namespace molar::host {

// A transaction on one leased connection, as the SDK sees it.
class PooledTransaction : public sdk::Transaction
{
public:
    explicit PooledTransaction(Connection& connection) : _connection(connection) {}

    sdk::ResultSet query(const std::string& sql, const sdk::Params& params = {}) override;
    std::int64_t execute(const std::string& sql, const sdk::Params& params = {}) override;
    std::int64_t insert(const std::string& sql, const sdk::Params& params = {}) override;
    sdk::Dialect dialect() const override { return _connection.dialect(); }

    // Work to do once the transaction has committed (wake a worker, say).
    void afterCommit(std::function<void()> action) { _afterCommit.push_back(std::move(action)); }
    std::vector<std::function<void()>>& afterCommitActions() { return _afterCommit; }

private:
    Connection& _connection;
    std::vector<std::function<void()>> _afterCommit;
};

// The SDK's Database over a connection pool.
class PooledDatabase : public sdk::Database
{
public:
    explicit PooledDatabase(ConnectionPool& pool) : _pool(pool) {}

    sdk::ResultSet query(const std::string& sql, const sdk::Params& params = {}) override;
    std::int64_t execute(const std::string& sql, const sdk::Params& params = {}) override;
    std::int64_t insert(const std::string& sql, const sdk::Params& params = {}) override;
    sdk::Dialect dialect() const override { return _pool.url().dialect; }
    void transaction(const std::function<void(sdk::Transaction&)>& work) override;

    ConnectionPool& pool() { return _pool; }

private:
    ConnectionPool& _pool;
};

} // namespace molar::host
