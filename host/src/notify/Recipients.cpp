#include "notify/Recipients.h"

#include <set>

namespace molar::host {

namespace {

std::int64_t idField(const sdk::Value& payload, const std::string& field)
{
    if (!payload.isObject() || !payload.has(field))
        return 0;
    const sdk::Value& v = payload.get(field);
    if (v.isInt())
        return v.asInt();
    if (v.isString()) {
        try {
            return std::stoll(v.asString());
        } catch (const std::exception&) {
            return 0;
        }
    }
    return 0;
}

std::vector<sdk::UserInfo> usersOf(sdk::Accounts& accounts, const std::string& kind,
                                   const sdk::Value& payload)
{
    auto one = [&](const std::string& field) -> std::vector<sdk::UserInfo> {
        const auto id = idField(payload, field);
        if (id <= 0)
            return {};
        auto user = accounts.user(id);
        return user ? std::vector<sdk::UserInfo>{*user} : std::vector<sdk::UserInfo>{};
    };
    if (kind == "user")
        return one("userId");
    if (kind == "case_owner")
        return one("ownerUserId");
    if (kind == "case_sender")
        return one("createdBy");
    if (kind == "technician")
        return one("assignedTo");
    const auto organization = idField(payload, "organizationId");
    if (kind == "org_owners")
        return organization > 0 ? accounts.organizationUsers(organization, "owner")
                                : std::vector<sdk::UserInfo>{};
    if (kind == "org_users")
        return organization > 0 ? accounts.organizationUsers(organization, "") : std::vector<sdk::UserInfo>{};
    if (kind == "lab_admins")
        return accounts.labUsers("admin");
    if (kind == "lab_leads")
        return accounts.labUsers("lead");
    if (kind == "lab_technicians")
        return accounts.labUsers("technician");
    if (kind == "lab_billing")
        return accounts.labUsers("billing");
    if (kind == "lab_users")
        return accounts.labUsers("");
    return {};
}

} // namespace

std::vector<sdk::UserInfo> resolveRecipients(sdk::Accounts& accounts, const std::vector<std::string>& kinds,
                                             const sdk::Value& payload)
{
    std::vector<sdk::UserInfo> out;
    std::set<std::int64_t> seen;
    for (const auto& kind : kinds)
        for (auto& user : usersOf(accounts, kind, payload))
            if (seen.insert(user.id).second)
                out.push_back(std::move(user));
    return out;
}

} // namespace molar::host
