#include "accounts/Accounts.h"

#include "molar/sdk/Errors.h"

#include <Poco/String.h>

#include <openssl/rand.h>

#include <algorithm>

namespace molar::host {

namespace {

// A user with their organization's status (u and o), so that every reader sees a
// member of a blocked organization as blocked.
const char* USER_COLUMNS = "u.id, u.side, u.role, u.organization_id, u.email, u.username, u.first_name,"
                           " u.last_name, u.phone, u.language, u.time_zone, u.status, u.blocked_by_lab,"
                           " u.password_hash, u.must_change_password, o.status AS organization_status";
const char* USER_TABLES = " FROM molar_users u LEFT JOIN molar_organizations o ON o.id = u.organization_id";

UserRecord toUser(const sdk::ResultSet& rows, std::size_t r = 0)
{
    UserRecord u;
    u.id = rows.get(r, "id").asInt();
    u.side = rows.get(r, "side").asString();
    u.role = rows.get(r, "role").asString();
    u.organizationId = rows.get(r, "organization_id").isNull() ? 0 : rows.get(r, "organization_id").asInt();
    u.email = rows.get(r, "email").asString();
    u.username = rows.get(r, "username").asString();
    u.firstName = rows.get(r, "first_name").asString();
    u.lastName = rows.get(r, "last_name").asString();
    u.phone = rows.get(r, "phone").asString();
    u.language = rows.get(r, "language").asString();
    u.timeZone = rows.get(r, "time_zone").asString();
    u.ownStatus = rows.get(r, "status").asString();
    u.blockedByLab = rows.get(r, "blocked_by_lab").asInt() != 0;
    const auto& organizationStatus = rows.get(r, "organization_status");
    u.organizationBlocked = !organizationStatus.isNull() && organizationStatus.asString() == "blocked";
    u.status = u.organizationBlocked ? "blocked" : u.ownStatus;
    u.passwordHash = rows.get(r, "password_hash").asString();
    u.mustChangePassword = rows.get(r, "must_change_password").asInt() != 0;
    return u;
}

const char* ORGANIZATION_COLUMNS = "id, name, reference_code, status, created_at";

std::vector<OrganizationRecord> toOrganizations(const sdk::ResultSet& rows)
{
    std::vector<OrganizationRecord> out;
    for (std::size_t r = 0; r < rows.size(); ++r)
        out.push_back(OrganizationRecord{rows.get(r, "id").asInt(), rows.get(r, "name").asString(),
                                         rows.get(r, "reference_code").asString(),
                                         rows.get(r, "status").asString(),
                                         rows.get(r, "created_at").asInt()});
    return out;
}

int clampedLimit(int limit)
{
    return std::clamp(limit, 1, 500);
}

// Up to five words of a search box; more would only slow the query down.
std::vector<std::string> searchWords(const std::string& text)
{
    std::vector<std::string> words;
    std::string word;
    for (char c : text + " ") {
        if (c == ' ' || c == '\t') {
            if (!word.empty() && words.size() < 5)
                words.push_back(Poco::toLower(word));
            word.clear();
        } else {
            word += c;
        }
    }
    return words;
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
    auto rows = sql.query(std::string("SELECT ") + USER_COLUMNS + USER_TABLES + " WHERE u.id = ?", {id});
    if (rows.empty())
        return std::nullopt;
    return toUser(rows);
}

std::optional<UserRecord> AccountStore::findBySession(sdk::SqlRunner& sql, const std::string& tokenHash,
                                                      std::int64_t nowMs, std::int64_t idleSinceMs,
                                                      std::int64_t& lastSeenMs)
{
    auto rows = sql.query(std::string("SELECT ") + USER_COLUMNS + ", s.last_seen_at" + USER_TABLES +
                              " JOIN molar_sessions s ON s.user_id = u.id"
                              " WHERE s.token_hash = ? AND s.expires_at > ? AND s.last_seen_at > ?",
                          {tokenHash, nowMs, idleSinceMs});
    if (rows.empty())
        return std::nullopt;
    lastSeenMs = rows.get(0, "last_seen_at").asInt();
    return toUser(rows);
}

std::optional<UserRecord> AccountStore::findByLogin(sdk::SqlRunner& sql, const std::string& login)
{
    const std::string key = normalizeLogin(login);
    if (key.empty())
        return std::nullopt;
    const char* column = key.find('@') != std::string::npos ? "email" : "username";
    auto rows =
        sql.query(std::string("SELECT ") + USER_COLUMNS + USER_TABLES + " WHERE u." + column + " = ?", {key});
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

std::optional<OrganizationRecord> AccountStore::findOrganization(sdk::SqlRunner& sql, std::int64_t id)
{
    auto found = toOrganizations(sql.query(
        std::string("SELECT ") + ORGANIZATION_COLUMNS + " FROM molar_organizations WHERE id = ?", {id}));
    if (found.empty())
        return std::nullopt;
    return found.front();
}

std::optional<OrganizationRecord> AccountStore::findOrganizationByReference(sdk::SqlRunner& sql,
                                                                            const std::string& code)
{
    const std::string key = Poco::toUpper(Poco::trim(code));
    if (key.empty() || key.size() > 32)
        return std::nullopt;
    auto found = toOrganizations(sql.query(std::string("SELECT ") + ORGANIZATION_COLUMNS +
                                               " FROM molar_organizations WHERE reference_code = ?",
                                           {key}));
    if (found.empty())
        return std::nullopt;
    return found.front();
}

std::vector<ClinicRecord> AccountStore::clinics(sdk::SqlRunner& sql, std::int64_t organizationId)
{
    auto rows = sql.query("SELECT id, organization_id, name, address, country FROM molar_clinics"
                          " WHERE organization_id = ? AND archived_at IS NULL ORDER BY id",
                          {organizationId});
    std::vector<ClinicRecord> out;
    for (std::size_t r = 0; r < rows.size(); ++r)
        out.push_back(ClinicRecord{rows.get(r, "id").asInt(), rows.get(r, "organization_id").asInt(),
                                   rows.get(r, "name").asString(), rows.get(r, "address").asString(),
                                   rows.get(r, "country").asString()});
    return out;
}

std::vector<UserListEntry> AccountStore::searchUsers(sdk::SqlRunner& sql, const UserQuery& query)
{
    std::string where = "u.id > ?";
    sdk::Params params{query.afterId};
    if (query.organizationId) {
        where += " AND u.organization_id = ?";
        params.push_back(query.organizationId);
    }
    if (!query.status.empty()) {
        where += " AND u.status = ?";
        params.push_back(query.status);
    }
    // LOWER on both sides: SQLite's LIKE ignores ASCII case only, and a MySQL column
    // with a binary collation would not ignore it at all.
    for (const auto& word : searchWords(query.search)) {
        where += " AND (LOWER(u.first_name) LIKE ? ESCAPE '!' OR LOWER(u.last_name) LIKE ? ESCAPE '!'"
                 " OR u.email LIKE ? ESCAPE '!')";
        const std::string pattern = "%" + sdk::escapeLike(word) + "%";
        params.insert(params.end(), {pattern, pattern, pattern});
    }
    params.push_back(clampedLimit(query.limit));
    auto rows = sql.query(std::string("SELECT ") + USER_COLUMNS + ", o.name AS organization_name" +
                              USER_TABLES + " WHERE " + where + " ORDER BY u.id LIMIT ?",
                          params);
    std::vector<UserListEntry> out;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const auto& org = rows.get(r, "organization_name");
        out.push_back(UserListEntry{toUser(rows, r), org.isNull() ? std::string() : org.asString()});
    }
    return out;
}

std::vector<OrganizationRecord> AccountStore::searchOrganizations(sdk::SqlRunner& sql,
                                                                  const OrganizationQuery& query)
{
    std::string where = "id > ?";
    sdk::Params params{query.afterId};
    if (!query.status.empty()) {
        where += " AND status = ?";
        params.push_back(query.status);
    }
    for (const auto& word : searchWords(query.search)) {
        where += " AND LOWER(name) LIKE ? ESCAPE '!'";
        params.push_back("%" + sdk::escapeLike(word) + "%");
    }
    params.push_back(clampedLimit(query.limit));
    return toOrganizations(sql.query(std::string("SELECT ") + ORGANIZATION_COLUMNS +
                                         " FROM molar_organizations WHERE " + where + " ORDER BY id LIMIT ?",
                                     params));
}

std::int64_t AccountStore::otherActiveOwners(sdk::SqlRunner& sql, std::int64_t organizationId,
                                             std::int64_t exceptUserId)
{
    return sql
        .query("SELECT COUNT(*) FROM molar_users WHERE organization_id = ? AND role = 'owner'"
               " AND status = 'active' AND id <> ?",
               {organizationId, exceptUserId})
        .row(0)
        .at(0)
        .asInt();
}

void AccountStore::setStatus(sdk::Transaction& tx, std::int64_t userId, const std::string& status,
                             std::int64_t nowMs, bool byLab)
{
    tx.execute("UPDATE molar_users SET status = ?, blocked_by_lab = ?, updated_at = ? WHERE id = ?",
               {status, status == "blocked" && byLab ? 1 : 0, nowMs, userId});
}

void AccountStore::updateDetails(sdk::Transaction& tx, std::int64_t userId, const std::string& firstName,
                                 const std::string& lastName, const std::string& phone,
                                 const std::string& role, std::int64_t nowMs)
{
    tx.execute("UPDATE molar_users SET first_name = ?, last_name = ?, phone = ?, role = ?, updated_at = ?"
               " WHERE id = ?",
               {firstName, lastName, phone, role, nowMs, userId});
}

void AccountStore::setOrganizationStatus(sdk::Transaction& tx, std::int64_t organizationId,
                                         const std::string& status)
{
    tx.execute("UPDATE molar_organizations SET status = ? WHERE id = ?", {status, organizationId});
}

} // namespace molar::host
