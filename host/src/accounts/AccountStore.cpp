#include "accounts/Accounts.h"

#include "molar/sdk/Errors.h"

#include <Poco/String.h>

#include <openssl/rand.h>

#include <algorithm>

namespace molar::host {

namespace {

const char* USER_COLUMNS = "id, side, role, organization_id, email, username, first_name, last_name, phone,"
                           " language, time_zone, status, password_hash, must_change_password";

UserRecord toUser(const sdk::ResultSet& rows)
{
    UserRecord u;
    u.id = rows.get(0, "id").asInt();
    u.side = rows.get(0, "side").asString();
    u.role = rows.get(0, "role").asString();
    u.organizationId = rows.get(0, "organization_id").isNull() ? 0 : rows.get(0, "organization_id").asInt();
    u.email = rows.get(0, "email").asString();
    u.username = rows.get(0, "username").asString();
    u.firstName = rows.get(0, "first_name").asString();
    u.lastName = rows.get(0, "last_name").asString();
    u.phone = rows.get(0, "phone").asString();
    u.language = rows.get(0, "language").asString();
    u.timeZone = rows.get(0, "time_zone").asString();
    u.status = rows.get(0, "status").asString();
    u.passwordHash = rows.get(0, "password_hash").asString();
    u.mustChangePassword = rows.get(0, "must_change_password").asInt() != 0;
    return u;
}

// Reference codes people type: no 0/O, 1/I/L.
std::string newReferenceCode()
{
    static const std::string alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    unsigned char bytes[8];
    std::string code;
    while (code.size() < 8) {
        if (RAND_bytes(bytes, sizeof(bytes)) != 1)
            throw std::runtime_error("the system's random generator failed");
        for (unsigned char b : bytes)
            if (b < 248 && code.size() < 8) // 248 = 8 * 31: no modulo bias
                code += alphabet[b % alphabet.size()];
    }
    return code;
}

} // namespace

bool isValidRole(const std::string& side, const std::string& role)
{
    if (side == "clinic")
        return role == "owner" || role == "dentist" || role == "staff";
    if (side == "lab")
        return role == "admin" || role == "technician" || role == "lead" || role == "billing";
    return false;
}

std::string normalizeLogin(const std::string& login)
{
    return Poco::toLower(Poco::trim(login));
}

std::int64_t AccountStore::createOrganization(sdk::Transaction& tx, const std::string& name,
                                              const std::string& status, std::int64_t nowMs)
{
    for (int attempt = 0;; ++attempt) {
        try {
            return tx.insert("INSERT INTO molar_organizations (name, reference_code, status, created_at)"
                             " VALUES (?, ?, ?, ?)",
                             {name, newReferenceCode(), status, nowMs});
        } catch (const sdk::DatabaseError& e) {
            if (!e.isConflict() || attempt >= 3)
                throw;
        }
    }
}

std::int64_t AccountStore::createClinic(sdk::Transaction& tx, std::int64_t organizationId,
                                        const std::string& name, const std::string& address,
                                        const std::string& country, std::int64_t nowMs)
{
    return tx.insert("INSERT INTO molar_clinics (organization_id, name, address, country, created_at)"
                     " VALUES (?, ?, ?, ?, ?)",
                     {organizationId, name, address, country, nowMs});
}

std::int64_t AccountStore::createUser(sdk::Transaction& tx, const UserRecord& user, std::int64_t nowMs)
{
    if (!isValidRole(user.side, user.role))
        throw AccountError("role", "account.role.invalid");
    const std::string email = normalizeLogin(user.email);
    const std::string username = normalizeLogin(user.username);
    if (!tx.query("SELECT id FROM molar_users WHERE email = ?", {email}).empty())
        throw AccountError("email", "account.email.taken");
    if (!tx.query("SELECT id FROM molar_users WHERE username = ?", {username}).empty())
        throw AccountError("username", "account.username.taken");
    try {
        return tx.insert(
            "INSERT INTO molar_users (side, role, organization_id, email, username, first_name, last_name, "
            "phone,"
            " language, time_zone, status, password_hash, must_change_password, password_changed_at, "
            "created_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            {user.side, user.role, user.organizationId ? sdk::Value(user.organizationId) : sdk::Value(),
             email, username, user.firstName, user.lastName, user.phone, user.language, user.timeZone,
             user.status, user.passwordHash, user.mustChangePassword ? 1 : 0, nowMs, nowMs, nowMs});
    } catch (const sdk::DatabaseError& e) {
        // Two registrations racing for one email: the unique index decides.
        if (e.isConflict())
            throw AccountError("email", "account.email.taken");
        throw;
    }
}

std::optional<UserRecord> AccountStore::findById(sdk::SqlRunner& sql, std::int64_t id)
{
    auto rows = sql.query(std::string("SELECT ") + USER_COLUMNS + " FROM molar_users WHERE id = ?", {id});
    if (rows.empty())
        return std::nullopt;
    return toUser(rows);
}

std::optional<UserRecord> AccountStore::findByLogin(sdk::SqlRunner& sql, const std::string& login)
{
    const std::string key = normalizeLogin(login);
    if (key.empty())
        return std::nullopt;
    const char* column = key.find('@') != std::string::npos ? "email" : "username";
    auto rows = sql.query(
        std::string("SELECT ") + USER_COLUMNS + " FROM molar_users WHERE " + column + " = ?", {key});
    if (rows.empty())
        return std::nullopt;
    return toUser(rows);
}

std::optional<std::string> AccountStore::organizationReference(sdk::SqlRunner& sql,
                                                               std::int64_t organizationId)
{
    auto rows = sql.query("SELECT reference_code FROM molar_organizations WHERE id = ?", {organizationId});
    if (rows.empty())
        return std::nullopt;
    return rows.row(0).at(0).asString();
}

void AccountStore::setPassword(sdk::Transaction& tx, std::int64_t userId, const std::string& hash,
                               bool mustChange, std::int64_t nowMs)
{
    tx.execute("UPDATE molar_users SET password_hash = ?, must_change_password = ?, password_changed_at = ?,"
               " updated_at = ? WHERE id = ?",
               {hash, mustChange ? 1 : 0, nowMs, nowMs, userId});
    // Any password change kills every reset link still out for the account.
    tx.execute("UPDATE molar_password_resets SET used_at = ? WHERE user_id = ? AND used_at IS NULL",
               {nowMs, userId});
}

} // namespace molar::host
