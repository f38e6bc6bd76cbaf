// What the accounts suites share: a migrated database, a clock that moves only when
// told, a cheap password hasher and a few people to sign in as.
#pragma once

#include "TestDatabase.h"

#include "accounts/AccountMigrations.h"
#include "accounts/Accounts.h"
#include "accounts/security/PasswordHasher.h"
#include "audit/AuditLog.h"
#include "audit/AuditMigrations.h"
#include "core/Clocks.h"
#include "db/Migrator.h"
#include "jobs/HostMigrations.h"
#include "security/SecurityMigrations.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace molar::test {

// 2026-11-22T20:00:00Z, the start of a 15-minute throttling window; the tests start
// a minute into it so that short moves of the clock stay inside it.
constexpr std::int64_t kWindowStartMs = 1795377600000;
constexpr std::int64_t kStartMs = kWindowStartMs + 60 * 1000;

// Argon2's cheapest cost: tests that make many hashes stay fast.
inline host::PasswordHasher::Cost cheapCost()
{
    return host::PasswordHasher::Cost{1, 1024, 1};
}

// A fresh database with the host's, the audit log's, the accounts' and the security tables.
class AccountsFixture
{
public:
    AccountsFixture()
        : db(std::make_unique<TestDatabase>()),
          clock(std::chrono::system_clock::time_point(std::chrono::milliseconds(kStartMs))),
          hasher(cheapCost())
    {
        host::Migrator migrator(db->pool());
        migrator.apply("host", host::hostMigrations(db->dialect()));
        migrator.apply("audit", host::auditMigrations(db->dialect()));
        migrator.apply("accounts", host::accountMigrations(db->dialect()));
        migrator.apply("security", host::securityMigrations(db->dialect()));
        audit = std::make_unique<host::AuditLog>(db->database(), clock);
    }

    host::PooledDatabase& database() { return db->database(); }

    std::int64_t nowMs() const { return host::millisSinceEpoch(clock.now()); }

    std::int64_t createOrganization(const std::string& name)
    {
        std::int64_t id = 0;
        database().transaction(
            [&](sdk::Transaction& tx) { id = accounts.createOrganization(tx, name, "active", nowMs()); });
        return id;
    }

    // A clinic dentist (or lab technician when organizationId is 0) with `password`.
    std::int64_t createUser(const std::string& email, const std::string& username,
                            const std::string& password, const std::string& status = "active",
                            std::int64_t organizationId = 0)
    {
        host::UserRecord user;
        user.side = organizationId ? "clinic" : "lab";
        user.role = organizationId ? "dentist" : "technician";
        user.organizationId = organizationId;
        user.email = email;
        user.username = username;
        user.firstName = "Lina";
        user.lastName = "Haddad";
        user.phone = "+97455001122";
        user.status = status;
        user.passwordHash = hasher.hash(password);
        return insertUser(user);
    }

    // Saves `user` as it is, in a transaction of its own.
    std::int64_t insertUser(const host::UserRecord& user)
    {
        std::int64_t id = 0;
        database().transaction([&](sdk::Transaction& tx) { id = accounts.createUser(tx, user, nowMs()); });
        return id;
    }

    std::int64_t count(const std::string& table)
    {
        return database().query("SELECT COUNT(*) FROM " + table).row(0).at(0).asInt();
    }

    // The actions in molar_audit, oldest first.
    std::vector<std::string> auditActions()
    {
        std::vector<std::string> out;
        auto rows = database().query("SELECT action FROM molar_audit ORDER BY id");
        for (std::size_t i = 0; i < rows.size(); ++i)
            out.push_back(rows.row(i).at(0).asString());
        return out;
    }

    std::unique_ptr<TestDatabase> db;
    host::ManualClock clock;
    host::PasswordHasher hasher;
    std::unique_ptr<host::AuditLog> audit;
    host::AccountStore accounts;
};

} // namespace molar::test
