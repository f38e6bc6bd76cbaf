#pragma once

#include "db/ConnectionPool.h"
#include "db/PooledDatabase.h"

#include <memory>
#include <string>

namespace molar::test {

// A fresh, empty database for one test, on the backend named by MOLAR_TEST_DB
// ("sqlite", the default, or "mysql"). SQLite gets a file in a temporary folder;
// MySQL gets a new database molar_test_<random> on the server of
// MOLAR_TEST_MYSQL_URL, dropped again at the end. A MySQL run without that
// variable fails instead of skipping, so a missing server cannot pass silently.
class TestDatabase
{
public:
    explicit TestDatabase(int poolSize = 4);
    ~TestDatabase();

    host::ConnectionPool& pool() { return *_pool; }
    host::PooledDatabase& database() { return *_database; }
    sdk::Dialect dialect() const { return _url.dialect; }
    const std::string& url() const { return _urlText; }

    static std::string backend();

private:
    std::string _urlText;
    host::DatabaseUrl _url;
    std::string _dropDatabase; // MySQL: the database to drop at the end
    std::string _directory;    // SQLite: the folder to remove at the end
    std::unique_ptr<host::ConnectionPool> _pool;
    std::unique_ptr<host::PooledDatabase> _database;
};

// A temporary folder removed at the end of the scope.
class TempDir
{
public:
    TempDir();
    ~TempDir();
    const std::string& path() const { return _path; }
    std::string file(const std::string& name) const { return _path + "/" + name; }

private:
    std::string _path;
};

} // namespace molar::test
