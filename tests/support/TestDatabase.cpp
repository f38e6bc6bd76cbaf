#include "TestDatabase.h"

#include "http/StandardMiddleware.h"

#include <Poco/File.h>
#include <Poco/TemporaryFile.h>

#include <cstdlib>
#include <stdexcept>

namespace molar::test {

std::string TestDatabase::backend()
{
    const char* value = std::getenv("MOLAR_TEST_DB");
    return value && *value ? value : "sqlite";
}

TestDatabase::TestDatabase(int poolSize)
{
    if (backend() == "mysql") {
        const char* server = std::getenv("MOLAR_TEST_MYSQL_URL");
        if (!server || !*server)
            throw std::runtime_error("MOLAR_TEST_DB=mysql needs MOLAR_TEST_MYSQL_URL "
                                     "(scripts/test.sh starts MariaDB and sets it)");
        std::string base(server);
        auto slash = base.rfind('/');
        _dropDatabase = "molar_test_" + host::randomHex(6);
        {
            host::ConnectionPool admin(host::DatabaseUrl::parse(base), 1);
            admin.acquire()->run("CREATE DATABASE " + _dropDatabase +
                                 " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        }
        _urlText = base.substr(0, slash + 1) + _dropDatabase;
    } else {
        Poco::TemporaryFile dir;
        dir.keep();
        dir.createDirectories();
        _directory = dir.path();
        _urlText = "sqlite:" + _directory + "/test.db";
    }
    _url = host::DatabaseUrl::parse(_urlText);
    _pool = std::make_unique<host::ConnectionPool>(_url, poolSize);
    _database = std::make_unique<host::PooledDatabase>(*_pool);
}

TestDatabase::~TestDatabase()
{
    _database.reset();
    _pool.reset();
    try {
        if (!_dropDatabase.empty()) {
            std::string base(std::getenv("MOLAR_TEST_MYSQL_URL"));
            host::ConnectionPool admin(host::DatabaseUrl::parse(base), 1);
            admin.acquire()->run("DROP DATABASE IF EXISTS " + _dropDatabase);
        }
        if (!_directory.empty())
            Poco::File(_directory).remove(true);
    } catch (...) {
    }
}

TempDir::TempDir()
{
    Poco::TemporaryFile dir;
    dir.keep();
    dir.createDirectories();
    _path = dir.path();
}

TempDir::~TempDir()
{
    try {
        Poco::File(_path).remove(true);
    } catch (...) {
    }
}

} // namespace molar::test
