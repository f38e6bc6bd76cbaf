#pragma once

#include "accounts/AccountAdministration.h"

#include "molar/sdk/Audit.h"
#include "molar/sdk/Clock.h"
#include "molar/sdk/Database.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace molar::host {

// An organization's clinics (its practices' locations) as its owner manages them in
// My Account: list, add, remove. A clinic that a plugin still holds records of (cases)
// is archived instead of deleted: hidden from pickers, kept for history. Everything
// is scoped to the owner's organization; another organization's clinic is not found.
class Practices
{
public:
    struct Clinic
    {
        std::int64_t id = 0;
        std::string name, address, country, phone;
        std::int64_t archivedAt = 0; // 0 while in use
    };
    struct Input
    {
        std::string name, address, country, phone;
    };
    enum class Removal
    {
        NotFound,   // not a clinic of the organization in use
        LastClinic, // an organization keeps one clinic in use
        Deleted,
        Archived,
    };
    // The names of the plugins holding records of a clinic (PluginManager::holdersOfClinic).
    using RecordHolders = std::function<std::vector<std::string>(std::int64_t clinicId)>;

    Practices(sdk::Database& database, const sdk::Clock& clock, sdk::Audit& audit)
        : _database(database), _clock(clock), _audit(audit)
    {
    }
    // Set once plugins are loaded; without it no clinic is held.
    void setRecordHolders(RecordHolders holders) { _holders = std::move(holders); }

    // In use first (by name), then the archived ones (newest first).
    std::vector<Clinic> list(std::int64_t organizationId);
    // A clinic of the organization in use.
    std::optional<Clinic> find(std::int64_t organizationId, std::int64_t clinicId);
    // Field -> message key in `errors` (clinicName, address, country, phone); 0 on errors.
    std::int64_t add(const AccountAdministration::Manager& owner, const Input& input,
                     AccountAdministration::Errors& errors);
    // `holders` gets the plugins that kept the clinic archived.
    Removal remove(const AccountAdministration::Manager& owner, std::int64_t clinicId,
                   std::vector<std::string>& holders);

private:
    sdk::Database& _database;
    const sdk::Clock& _clock;
    sdk::Audit& _audit;
    RecordHolders _holders;
};

} // namespace molar::host
