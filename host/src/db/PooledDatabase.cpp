#include "db/PooledDatabase.h"

namespace molar::host {

sdk::ResultSet PooledTransaction::query(const std::string& sql, const sdk::Params& params)
{
    return _connection.query(sql, params);
}

std::int64_t PooledTransaction::execute(const std::string& sql, const sdk::Params& params)
{
    return _connection.execute(sql, params);
}

std::int64_t PooledTransaction::insert(const std::string& sql, const sdk::Params& params)
{
    return _connection.insert(sql, params);
}

sdk::ResultSet PooledDatabase::query(const std::string& sql, const sdk::Params& params)
{
    auto connection = _pool.acquire();
    return connection->query(sql, params);
}

std::int64_t PooledDatabase::execute(const std::string& sql, const sdk::Params& params)
{
    auto connection = _pool.acquire();
    return connection->execute(sql, params);
}

std::int64_t PooledDatabase::insert(const std::string& sql, const sdk::Params& params)
{
    auto connection = _pool.acquire();
    return connection->insert(sql, params);
}

void PooledDatabase::transaction(const std::function<void(sdk::Transaction&)>& work)
{
    auto connection = _pool.acquire();
    PooledTransaction tx(*connection);
    connection->begin();
    try {
        work(tx);
        connection->commit();
    } catch (...) {
        try {
            connection->rollback();
        } catch (...) {
            // The original error matters more; a failed rollback marks the
            // connection broken and the pool drops it.
        }
        throw;
    }
    for (auto& action : tx.afterCommitActions())
        action();
}

} // namespace molar::host
