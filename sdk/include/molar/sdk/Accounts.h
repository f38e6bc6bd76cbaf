#pragma once

#include "molar/sdk/Export.h"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace molar::sdk {

// A user as plugins see one: enough to address a message or show a name.
struct UserInfo
{
    std::int64_t id = 0;
    std::int64_t organizationId = 0; // 0 for lab users
    std::string side;                // "clinic" or "lab"
    std::string role;                // owner, dentist, staff | admin, technician, lead, billing
    std::string displayName;
    std::string email;
    std::string phone; // E.164, or empty
    std::string language;
    std::string timeZone;
    std::string status; // pending, blocked, active
};

// A clinic organization (a dental practice) and one of its clinics (locations).
struct OrganizationInfo
{
    std::int64_t id = 0;
    std::string name;
    std::string referenceCode;
    std::string status; // pending, active, blocked
};

struct ClinicInfo
{
    std::int64_t id = 0;
    std::int64_t organizationId = 0;
    std::string name;
    std::string address;
};

// What activation of a clinic organization requires, beyond a complete profile. A
// billing plugin adds "a payment method on file" for the billing modes that charge
// a card. The check answers "" when satisfied, else a sentence telling the owner
// what to do; it runs on request threads and must be quick.
using ActivationCheck = std::function<std::string(std::int64_t organizationId)>;

// The host's accounts, for plugins.
//
// Ownership: host owns; valid until Plugin::stop() returns. Thread-safe. Checks
// added by a plugin are removed by the host when the plugin stops.
class MOLAR_SDK_API Accounts
{
public:
    virtual ~Accounts();
    Accounts() = default;
    Accounts(const Accounts&) = delete; // interfaces are never copied or moved
    Accounts& operator=(const Accounts&) = delete;

    virtual std::optional<UserInfo> user(std::int64_t userId) = 0;
    // Active users of a clinic organization, optionally of one role ("" for all).
    virtual std::vector<UserInfo> organizationUsers(std::int64_t organizationId, const std::string& role) = 0;
    // Active lab users of a role ("lead", "technician", ...; "" for all).
    virtual std::vector<UserInfo> labUsers(const std::string& role) = 0;

    // Whether the user wants `event` (e.g. "case.status_changed") by `channel`
    // (e.g. "email"), from their notification settings; true when never set.
    virtual bool wantsNotification(std::int64_t userId, const std::string& event,
                                   const std::string& channel) = 0;

    virtual void addActivationRequirement(const std::string& name, ActivationCheck check) = 0;
    // Until SDK 1.4 the name of isActivated(); kept for plugins built against 1.2 and
    // 1.3. The SDK's library forwards it to isActivated(): hosts implement only that.
    virtual bool canSubmitCases(std::int64_t organizationId, std::string& why);

    // Since SDK 1.1.
    virtual std::optional<OrganizationInfo> organization(std::int64_t organizationId) = 0;
    // Clinic organizations of a status ("active", "pending", "blocked"; "" for all), by name.
    virtual std::vector<OrganizationInfo> organizations(const std::string& status) = 0;
    // The organization's clinics, by name.
    virtual std::vector<ClinicInfo> clinics(std::int64_t organizationId) = 0;

    // Since SDK 1.4.
    // Whether the organization is activated: its profile is complete and every
    // activation requirement is met. When not, `why` says what the owner must do.
    virtual bool isActivated(std::int64_t organizationId, std::string& why) = 0;

    // Since SDK 1.5.
    // One clinic, in use or archived (clinics() lists only those in use): the name a
    // record made before its owner removed the clinic still shows. Hosts implement it;
    // the SDK's library answers none.
    virtual std::optional<ClinicInfo> clinic(std::int64_t clinicId);

    // Since SDK 1.11.
    // Several organizations or users at once, for a page that names one per row: one
    // query where asking organization() or user() for each costs one per row. Ids not
    // found are absent from the answer. Hosts answer in one query; the SDK's library
    // asks organization() or user() for each id.
    virtual std::map<std::int64_t, OrganizationInfo> organizationsById(const std::vector<std::int64_t>& ids);
    virtual std::map<std::int64_t, UserInfo> usersById(const std::vector<std::int64_t>& ids);
};

} // namespace molar::sdk
