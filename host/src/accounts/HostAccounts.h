#pragma once

#include "accounts/Accounts.h"

#include "molar/sdk/Accounts.h"

#include <map>
#include <shared_mutex>
#include <utility>

namespace molar::host {

// The SDK's Accounts over the host's tables, plus the registry of activation
// requirements that plugins add (tagged with their name, removed when they stop).
class HostAccounts : public sdk::Accounts
{
public:
    // `labTimeZone` (portal.timeZone) stands for the zone of users who chose none.
    explicit HostAccounts(sdk::Database& database, std::string labTimeZone = "UTC")
        : _database(database), _labTimeZone(std::move(labTimeZone))
    {
    }

    std::optional<sdk::UserInfo> user(std::int64_t userId) override;
    std::vector<sdk::UserInfo> organizationUsers(std::int64_t organizationId,
                                                 const std::string& role) override;
    std::vector<sdk::UserInfo> labUsers(const std::string& role) override;
    bool wantsNotification(std::int64_t userId, const std::string& event,
                           const std::string& channel) override;
    void addActivationRequirement(const std::string& name, sdk::ActivationCheck check) override;
    bool isActivated(std::int64_t organizationId, std::string& why) override;
    std::optional<sdk::OrganizationInfo> organization(std::int64_t organizationId) override;
    std::vector<sdk::OrganizationInfo> organizations(const std::string& status) override;
    std::vector<sdk::ClinicInfo> clinics(std::int64_t organizationId) override;
    std::optional<sdk::ClinicInfo> clinic(std::int64_t clinicId) override;
    std::map<std::int64_t, sdk::OrganizationInfo>
    organizationsById(const std::vector<std::int64_t>& ids) override;
    std::map<std::int64_t, sdk::UserInfo> usersById(const std::vector<std::int64_t>& ids) override;

    const std::string& labTimeZone() const { return _labTimeZone; }
    // The zone a user reads times in: their own, or the lab's when they chose none.
    std::string effectiveTimeZone(const std::string& own) const { return own.empty() ? _labTimeZone : own; }

    void addActivationRequirement(const std::string& owner, const std::string& name,
                                  sdk::ActivationCheck check);
    void removeOwner(const std::string& owner);
    // Every requirement not met, as sentences for the owner ("" checks excluded).
    std::vector<std::string> missingForActivation(std::int64_t organizationId);
    void setNotification(sdk::SqlRunner& sql, std::int64_t userId, const std::string& event,
                         const std::string& channel, bool enabled);

private:
    struct Requirement
    {
        std::string owner;
        sdk::ActivationCheck check;
    };
    sdk::Database& _database;
    const std::string _labTimeZone;
    std::shared_mutex _mutex;
    std::map<std::string, Requirement> _requirements; // by name
};

sdk::UserInfo toUserInfo(const UserRecord& user);

} // namespace molar::host
