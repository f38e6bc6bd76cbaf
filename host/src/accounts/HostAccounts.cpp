#include "accounts/HostAccounts.h"

#include <algorithm>
#include <mutex>

namespace molar::host {

namespace {

const char* INFO_COLUMNS = "id, organization_id, side, role, first_name, last_name, email, phone, language, "
                           "time_zone, status";

// Users as plugins see them: a user who chose no time zone has the lab's.
std::vector<sdk::UserInfo> toInfos(const sdk::ResultSet& rows, const HostAccounts& accounts)
{
    std::vector<sdk::UserInfo> out;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        sdk::UserInfo u;
        u.id = rows.get(r, "id").asInt();
        u.organizationId =
            rows.get(r, "organization_id").isNull() ? 0 : rows.get(r, "organization_id").asInt();
        u.side = rows.get(r, "side").asString();
        u.role = rows.get(r, "role").asString();
        u.displayName = rows.get(r, "first_name").asString() + " " + rows.get(r, "last_name").asString();
        u.email = rows.get(r, "email").asString();
        u.phone = rows.get(r, "phone").asString();
        u.language = rows.get(r, "language").asString();
        u.timeZone = accounts.effectiveTimeZone(rows.get(r, "time_zone").asString());
        u.status = rows.get(r, "status").asString();
        out.push_back(std::move(u));
    }
    return out;
}

// The distinct ids as "?, ?, ..." and their parameters, at most `most` of them from
// `from` on: a statement's parameters are limited (SQLite's to 32,766, MySQL's to
// 65,535), a page names a few dozen. The list is padded with its last id to a power of
// two, so a connection keeps a handful of prepared shapes rather than one per count.
std::string placeholders(const std::vector<std::int64_t>& ids, std::size_t from, std::size_t most,
                         sdk::Params& params)
{
    const std::size_t count = std::min(most, ids.size() - from);
    std::size_t padded = 1;
    while (padded < count)
        padded *= 2;
    padded = std::min(padded, most);
    std::string list;
    for (std::size_t i = 0; i < padded; ++i) {
        list += i == 0 ? "?" : ", ?";
        params.push_back(ids[from + std::min(i, count - 1)]);
    }
    return list;
}

std::vector<std::int64_t> distinct(std::vector<std::int64_t> ids)
{
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

constexpr std::size_t IDS_PER_QUERY = 512;

} // namespace

sdk::UserInfo toUserInfo(const UserRecord& user)
{
    return sdk::UserInfo{user.id,    user.organizationId, user.side,     user.role,     user.displayName(),
                         user.email, user.phone,          user.language, user.timeZone, user.status};
}

std::optional<sdk::UserInfo> HostAccounts::user(std::int64_t userId)
{
    auto rows =
        _database.query(std::string("SELECT ") + INFO_COLUMNS + " FROM molar_users WHERE id = ?", {userId});
    auto infos = toInfos(rows, *this);
    if (infos.empty())
        return std::nullopt;
    return infos.front();
}

std::vector<sdk::UserInfo> HostAccounts::organizationUsers(std::int64_t organizationId,
                                                           const std::string& role)
{
    std::string sql = std::string("SELECT ") + INFO_COLUMNS +
                      " FROM molar_users WHERE organization_id = ? AND status = 'active'";
    sdk::Params params{organizationId};
    if (!role.empty()) {
        sql += " AND role = ?";
        params.push_back(role);
    }
    return toInfos(_database.query(sql + " ORDER BY id", params), *this);
}

std::optional<sdk::OrganizationInfo> HostAccounts::organization(std::int64_t organizationId)
{
    auto rows = _database.query(
        "SELECT id, name, reference_code, status FROM molar_organizations WHERE id = ?", {organizationId});
    if (rows.empty())
        return std::nullopt;
    return sdk::OrganizationInfo{organizationId, rows.get(0, "name").asString(),
                                 rows.get(0, "reference_code").asString(), rows.get(0, "status").asString()};
}

std::vector<sdk::OrganizationInfo> HostAccounts::organizations(const std::string& status)
{
    auto rows =
        status.empty()
            ? _database.query(
                  "SELECT id, name, reference_code, status FROM molar_organizations ORDER BY name, id")
            : _database.query(
                  "SELECT id, name, reference_code, status FROM molar_organizations WHERE status = ? "
                  "ORDER BY name, id",
                  {status});
    std::vector<sdk::OrganizationInfo> out;
    for (std::size_t r = 0; r < rows.size(); ++r)
        out.push_back({rows.get(r, "id").asInt(), rows.get(r, "name").asString(),
                       rows.get(r, "reference_code").asString(), rows.get(r, "status").asString()});
    return out;
}

std::vector<sdk::ClinicInfo> HostAccounts::clinics(std::int64_t organizationId)
{
    auto rows = _database.query(
        "SELECT id, name, address FROM molar_clinics WHERE organization_id = ? AND archived_at IS NULL"
        " ORDER BY name, id",
        {organizationId});
    std::vector<sdk::ClinicInfo> out;
    for (std::size_t r = 0; r < rows.size(); ++r)
        out.push_back({rows.get(r, "id").asInt(), organizationId, rows.get(r, "name").asString(),
                       rows.get(r, "address").asString()});
    return out;
}

std::optional<sdk::ClinicInfo> HostAccounts::clinic(std::int64_t clinicId)
{
    auto rows =
        _database.query("SELECT organization_id, name, address FROM molar_clinics WHERE id = ?", {clinicId});
    if (rows.empty())
        return std::nullopt;
    return sdk::ClinicInfo{clinicId, rows.get(0, "organization_id").asInt(), rows.get(0, "name").asString(),
                           rows.get(0, "address").asString()};
}

std::map<std::int64_t, sdk::OrganizationInfo>
HostAccounts::organizationsById(const std::vector<std::int64_t>& ids)
{
    std::map<std::int64_t, sdk::OrganizationInfo> found;
    const auto wanted = distinct(ids);
    for (std::size_t from = 0; from < wanted.size(); from += IDS_PER_QUERY) {
        sdk::Params params;
        auto rows =
            _database.query("SELECT id, name, reference_code, status FROM molar_organizations WHERE id IN (" +
                                placeholders(wanted, from, IDS_PER_QUERY, params) + ")",
                            params);
        for (std::size_t r = 0; r < rows.size(); ++r) {
            const std::int64_t id = rows.get(r, "id").asInt();
            found.emplace(id, sdk::OrganizationInfo{id, rows.get(r, "name").asString(),
                                                    rows.get(r, "reference_code").asString(),
                                                    rows.get(r, "status").asString()});
        }
    }
    return found;
}

std::map<std::int64_t, sdk::UserInfo> HostAccounts::usersById(const std::vector<std::int64_t>& ids)
{
    std::map<std::int64_t, sdk::UserInfo> found;
    const auto wanted = distinct(ids);
    for (std::size_t from = 0; from < wanted.size(); from += IDS_PER_QUERY) {
        sdk::Params params;
        auto rows =
            _database.query(std::string("SELECT ") + INFO_COLUMNS + " FROM molar_users WHERE id IN (" +
                                placeholders(wanted, from, IDS_PER_QUERY, params) + ")",
                            params);
        for (auto& user : toInfos(rows, *this))
            found.emplace(user.id, std::move(user));
    }
    return found;
}

std::vector<sdk::UserInfo> HostAccounts::labUsers(const std::string& role)
{
    std::string sql =
        std::string("SELECT ") + INFO_COLUMNS + " FROM molar_users WHERE side = 'lab' AND status = 'active'";
    sdk::Params params;
    if (!role.empty()) {
        sql += " AND role = ?";
        params.push_back(role);
    }
    return toInfos(_database.query(sql + " ORDER BY id", params), *this);
}

bool HostAccounts::wantsNotification(std::int64_t userId, const std::string& event,
                                     const std::string& channel)
{
    auto rows =
        _database.query("SELECT enabled FROM molar_notification_settings WHERE user_id = ? AND event = ?"
                        " AND channel = ?",
                        {userId, event, channel});
    return rows.empty() || rows.row(0).at(0).asInt() != 0;
}

void HostAccounts::setNotification(sdk::SqlRunner& sql, std::int64_t userId, const std::string& event,
                                   const std::string& channel, bool enabled)
{
    if (sql.execute("UPDATE molar_notification_settings SET enabled = ? WHERE user_id = ? AND event = ? AND "
                    "channel = ?",
                    {enabled ? 1 : 0, userId, event, channel}) == 0)
        sql.execute(
            "INSERT INTO molar_notification_settings (user_id, event, channel, enabled) VALUES (?, ?, ?, ?)",
            {userId, event, channel, enabled ? 1 : 0});
}

void HostAccounts::addActivationRequirement(const std::string& name, sdk::ActivationCheck check)
{
    addActivationRequirement("host", name, std::move(check));
}

void HostAccounts::addActivationRequirement(const std::string& owner, const std::string& name,
                                            sdk::ActivationCheck check)
{
    std::unique_lock<std::shared_mutex> lock(_mutex);
    _requirements[name] = Requirement{owner, std::move(check)};
}

void HostAccounts::removeOwner(const std::string& owner)
{
    std::unique_lock<std::shared_mutex> lock(_mutex);
    for (auto it = _requirements.begin(); it != _requirements.end();)
        it = it->second.owner == owner ? _requirements.erase(it) : std::next(it);
}

std::vector<std::string> HostAccounts::missingForActivation(std::int64_t organizationId)
{
    std::vector<sdk::ActivationCheck> checks;
    {
        std::shared_lock<std::shared_mutex> lock(_mutex);
        for (const auto& entry : _requirements)
            checks.push_back(entry.second.check);
    }
    std::vector<std::string> missing;
    for (const auto& check : checks) {
        std::string why = check(organizationId);
        if (!why.empty())
            missing.push_back(why);
    }
    return missing;
}

bool HostAccounts::isActivated(std::int64_t organizationId, std::string& why)
{
    auto rows = _database.query("SELECT status FROM molar_organizations WHERE id = ?", {organizationId});
    if (rows.empty() || rows.row(0).at(0).asString() != "active") {
        why = "The organization is not active yet.";
        return false;
    }
    auto missing = missingForActivation(organizationId);
    if (!missing.empty()) {
        why = missing.front();
        return false;
    }
    why.clear();
    return true;
}

} // namespace molar::host
