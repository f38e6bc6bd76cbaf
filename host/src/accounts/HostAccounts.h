#pragma once

#include "accounts/Accounts.h"

#include "molar/sdk/Accounts.h"

#include <map>
#include <shared_mutex>

namespace molar::host {

// The SDK's Accounts over the host's tables, plus the registry of activation
// requirements that plugins add (tagged with their name, removed when they stop).
class HostAccounts : public sdk::Accounts
{
public:
    explicit HostAccounts(sdk::Database& database) : _database(database) {}

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
    std::shared_mutex _mutex;
    std::map<std::string, Requirement> _requirements; // by name
};

sdk::UserInfo toUserInfo(const UserRecord& user);

} // namespace molar::host
