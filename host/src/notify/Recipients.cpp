#include "notify/Recipients.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace molar::host {

namespace {

const std::vector<std::string> ORGANIZATION_ROLES{"owner", "dentist", "staff"};
const std::vector<std::string> LAB_ROLES{"admin", "technician", "lead", "billing"};

// "organization:clinicId:owner" as {"organization", "clinicId", "owner"}.
std::vector<std::string> parts(const std::string& recipient)
{
    std::vector<std::string> out;
    std::string::size_type start = 0;
    for (;;) {
        const auto colon = recipient.find(':', start);
        out.push_back(
            recipient.substr(start, colon == std::string::npos ? std::string::npos : colon - start));
        if (colon == std::string::npos)
            return out;
        start = colon + 1;
    }
}

bool isField(const std::string& name)
{
    if (name.empty() || !std::isalpha(static_cast<unsigned char>(name[0])))
        return false;
    return std::all_of(name.begin(), name.end(),
                       [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

bool isOneOf(const std::string& value, const std::vector<std::string>& allowed)
{
    return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

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

std::vector<sdk::UserInfo> usersOf(sdk::Accounts& accounts, const std::string& recipient,
                                   const sdk::Value& payload)
{
    const auto p = parts(recipient);
    if (p[0] == "user") {
        const auto id = idField(payload, p[1]);
        auto user = id > 0 ? accounts.user(id) : std::nullopt;
        return user ? std::vector<sdk::UserInfo>{*user} : std::vector<sdk::UserInfo>{};
    }
    if (p[0] == "organization") {
        const auto organization = idField(payload, p[1]);
        return organization > 0 ? accounts.organizationUsers(organization, p.size() > 2 ? p[2] : "")
                                : std::vector<sdk::UserInfo>{};
    }
    return accounts.labUsers(p.size() > 1 ? p[1] : "");
}

} // namespace

bool isRecipient(const std::string& recipient)
{
    const auto p = parts(recipient);
    if (p[0] == "user")
        return p.size() == 2 && isField(p[1]);
    if (p[0] == "organization")
        return (p.size() == 2 || (p.size() == 3 && isOneOf(p[2], ORGANIZATION_ROLES))) && isField(p[1]);
    if (p[0] == "lab")
        return p.size() == 1 || (p.size() == 2 && isOneOf(p[1], LAB_ROLES));
    return false;
}

const std::string& recipientSyntax()
{
    static const std::string syntax =
        "one or more of user:<payload field>, organization:<payload field>[:owner|dentist|staff], "
        "lab[:admin|technician|lead|billing]";
    return syntax;
}

std::vector<sdk::UserInfo> resolveRecipients(sdk::Accounts& accounts,
                                             const std::vector<std::string>& recipients,
                                             const sdk::Value& payload)
{
    std::vector<sdk::UserInfo> out;
    std::set<std::int64_t> seen;
    for (const auto& recipient : recipients)
        for (auto& user : usersOf(accounts, recipient, payload))
            if (seen.insert(user.id).second)
                out.push_back(std::move(user));
    return out;
}

} // namespace molar::host
