#pragma once

#include "molar/sdk/Database.h"
#include "molar/sdk/Payments.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace molar::host {

// Saving a method, as molar_payment_setups keeps it.
struct MethodSetupRow
{
    std::string id;
    std::int64_t organizationId = 0;
    std::string provider;
    std::string providerSetupId;
    std::string state;         // "pending", "saved", "unknown"
    std::int64_t methodId = 0; // saved: the method it saved
};

// SQL for molar_payment_methods and molar_payment_setups. Writes run in the
// caller's transaction. An organization's methods change only while its rows are
// held (lockOrganization()), so a default is moved, removed and given by one
// transaction after another; the unique index on (organization_id, is_default)
// keeps one default whatever happens.
class SavedMethodStore
{
public:
    void insertSetup(sdk::SqlRunner& sql, const MethodSetupRow& setup, std::int64_t now);
    std::optional<MethodSetupRow> setup(sdk::SqlRunner& sql, const std::string& id);
    // Reads the setup and holds its row until the transaction ends.
    std::optional<MethodSetupRow> lockSetup(sdk::Transaction& tx, const std::string& id);
    // The setup of this provider that the provider's own setup id names.
    std::optional<MethodSetupRow> lockSetupByProviderId(sdk::Transaction& tx, const std::string& provider,
                                                        const std::string& providerSetupId);
    void updateSetup(sdk::SqlRunner& sql, const std::string& id, const std::string& state,
                     const std::string& providerSetupId, std::int64_t methodId, std::int64_t now);

    // Holds every method row of the organization, in id order, until the transaction
    // ends (MySQL; SQLite's write lock holds everything).
    void lockOrganization(sdk::Transaction& tx, std::int64_t organizationId);
    // The method's row, removed ones included.
    std::optional<sdk::SavedPaymentMethod> method(sdk::SqlRunner& sql, std::int64_t id,
                                                  bool* removed = nullptr);
    std::optional<sdk::SavedPaymentMethod> methodOf(sdk::SqlRunner& sql, std::int64_t organizationId,
                                                    const std::string& provider,
                                                    const std::string& providerMethodId, bool* removed);
    // Adds the method (not the default); its id.
    std::int64_t insertMethod(sdk::Transaction& tx, std::int64_t organizationId, const std::string& provider,
                              const sdk::SavedMethod& method, std::int64_t now);
    // A removed method saved again: kept again, with the provider's details of now.
    void restoreMethod(sdk::Transaction& tx, std::int64_t id, const sdk::SavedMethod& method,
                       std::int64_t now);
    // Not removed ones: the default first, then the newest.
    std::vector<sdk::SavedPaymentMethod> methods(sdk::SqlRunner& sql, std::int64_t organizationId);
    // Makes the method the default unless the organization has one; whether it is now.
    bool defaultUnlessAny(sdk::Transaction& tx, std::int64_t organizationId, std::int64_t id);
    // Makes the method the organization's default, whichever was.
    void makeDefault(sdk::Transaction& tx, std::int64_t organizationId, std::int64_t id);
    // Marks the method removed (and no longer the default); false when it was already.
    bool markRemoved(sdk::Transaction& tx, std::int64_t id, std::int64_t now);
};

} // namespace molar::host
