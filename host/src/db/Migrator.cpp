#include "db/Migrator.h"

#include "molar/sdk/Errors.h"

#include <Poco/DigestEngine.h>
#include <Poco/DirectoryIterator.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/SHA2Engine.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <regex>
#include <sstream>

namespace molar::host {

namespace {

std::string checksum(const std::string& text)
{
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    engine.update(text);
    return Poco::DigestEngine::digestToHex(engine.digest());
}

std::int64_t nowSeconds()
{
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace

std::vector<std::string> splitStatements(const std::string& sql)
{
    std::vector<std::string> out;
    std::istringstream lines(sql);
    std::string line, current;
    while (std::getline(lines, line)) {
        std::string trimmed = Poco::trim(line);
        if (trimmed.empty() || trimmed.rfind("--", 0) == 0)
            continue;
        current += line + "\n";
        if (trimmed.back() == ';') {
            current = Poco::trim(current);
            current.pop_back();
            out.push_back(current);
            current.clear();
        }
    }
    if (!Poco::trim(current).empty())
        out.push_back(Poco::trim(current));
    return out;
}

Migrator::Migrator(ConnectionPool& pool, Log log) : _pool(pool), _log(std::move(log)) {}

std::vector<Migration> Migrator::fromDirectory(const std::string& dir, sdk::Dialect dialect)
{
    static const std::regex pattern(R"(^(\d+)_([A-Za-z0-9_-]+?)(\.(sqlite|mysql))?\.sql$)");
    const std::string wanted = dialect == sdk::Dialect::SQLite ? "sqlite" : "mysql";
    std::map<int, std::pair<Migration, bool>> byVersion; // bool: dialect-specific
    Poco::File folder(dir);
    if (!folder.exists() || !folder.isDirectory())
        return {};
    for (Poco::DirectoryIterator it(folder); it != Poco::DirectoryIterator(); ++it) {
        std::smatch m;
        const std::string name = it.name();
        if (!std::regex_match(name, m, pattern))
            continue;
        const bool specific = m[4].matched;
        if (specific && m[4].str() != wanted)
            continue;
        int version = std::stoi(m[1].str());
        auto existing = byVersion.find(version);
        if (existing != byVersion.end() && existing->second.second && !specific)
            continue;
        Poco::FileInputStream in(it->path());
        std::string text;
        Poco::StreamCopier::copyToString(in, text);
        byVersion[version] = {Migration{version, m[2].str(), text}, specific};
    }
    std::vector<Migration> out;
    for (auto& entry : byVersion)
        out.push_back(entry.second.first);
    return out;
}

void Migrator::ensureTable(Connection& connection)
{
    connection.run("CREATE TABLE IF NOT EXISTS molar_migrations ("
                   " owner VARCHAR(64) NOT NULL,"
                   " version INTEGER NOT NULL,"
                   " name VARCHAR(200) NOT NULL,"
                   " checksum VARCHAR(64) NOT NULL,"
                   " applied_at BIGINT NOT NULL,"
                   " PRIMARY KEY (owner, version))");
}

int Migrator::appliedVersion(const std::string& owner)
{
    auto connection = _pool.acquire();
    ensureTable(*connection);
    auto rows = connection->query("SELECT MAX(version) FROM molar_migrations WHERE owner = ?", {owner});
    return rows.empty() || rows.row(0).at(0).isNull() ? 0 : static_cast<int>(rows.row(0).at(0).asInt());
}

int Migrator::apply(const std::string& owner, const std::vector<Migration>& migrations)
{
    auto connection = _pool.acquire();
    ensureTable(*connection);
    const bool mysql = connection->dialect() == sdk::Dialect::MySQL;
    if (mysql) {
        auto got = connection->query("SELECT GET_LOCK('molar.migrations', 120)", {});
        if (got.empty() || got.row(0).at(0).isNull() || got.row(0).at(0).asInt() != 1)
            throw std::runtime_error("another host held the migration lock for 120 s");
    }
    int ran = 0;
    try {
        for (const auto& migration : migrations) {
            // SQLite runs each migration in one transaction holding the write lock.
            // MySQL commits DDL implicitly, so the GET_LOCK above does the serializing.
            if (!mysql)
                connection->begin();
            try {
                auto applied =
                    connection->query("SELECT checksum FROM molar_migrations WHERE owner = ? AND version = ?",
                                      {owner, migration.version});
                const std::string sum = checksum(migration.sql);
                if (!applied.empty()) {
                    if (applied.row(0).at(0).asString() != sum)
                        throw std::runtime_error(
                            "was changed after it was applied; add a new migration instead");
                    if (!mysql)
                        connection->commit();
                    continue;
                }
                for (const auto& statement : splitStatements(migration.sql))
                    connection->run(statement);
                connection->execute("INSERT INTO molar_migrations (owner, version, name, checksum, "
                                    "applied_at) VALUES (?, ?, ?, ?, ?)",
                                    {owner, migration.version, migration.name, sum, nowSeconds()});
                if (!mysql)
                    connection->commit();
                ++ran;
                if (_log)
                    _log("applied migration " + owner + "/" + std::to_string(migration.version) + "_" +
                         migration.name);
            } catch (const std::exception& e) {
                if (!mysql) {
                    try {
                        connection->rollback();
                    } catch (...) {
                    }
                }
                throw std::runtime_error("migration " + owner + "/" + std::to_string(migration.version) +
                                         "_" + migration.name + " " + e.what());
            }
        }
    } catch (...) {
        if (mysql)
            connection->run("DO RELEASE_LOCK('molar.migrations')");
        throw;
    }
    if (mysql)
        connection->run("DO RELEASE_LOCK('molar.migrations')");
    return ran;
}

} // namespace molar::host
