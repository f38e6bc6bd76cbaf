#include "demo/CreditsDemo.h"

#include "adjustments/LabAdjustments.h"
#include "ledger/CreditLedger.h"

#include "molar/sdk/Money.h"

#include <chrono>

namespace molar::credits {

namespace {

constexpr const char* kOrganization = "Smile Studio";

std::int64_t organizationCalled(sdk::Accounts& accounts, const std::string& name)
{
    for (const auto& organization : accounts.organizations(""))
        if (organization.name == name)
            return organization.id;
    return 0;
}

} // namespace

// Smile Studio starts with credit: an opening balance the lab's admin entered, as the lab's
// page does (an adjustment with its reason), and a low-balance threshold. Money that never
// arrived is not made to look received: no payment is recorded for it.
void seedCreditsDemo(CreditsServices& services)
{
    sdk::Host& host = services.host;
    const std::int64_t organization = organizationCalled(host.accounts(), kOrganization);
    const auto admins = host.accounts().labUsers("admin");
    if (organization == 0 || admins.empty())
        return;
    const CreditLedger& ledger = services.ledger;
    CreditLedger::Filter any;
    any.limit = 1;
    if (!ledger.entries(host.database(), organization, any).empty())
        return; // seeded before, or the organization has used its credits since

    const std::string& currency = ledger.currency();
    const auto opening = sdk::parseMinorUnits("5000", currency);
    const auto threshold = sdk::parseMinorUnits("1000", currency);
    if (!opening || !threshold)
        return;
    const sdk::Actor admin{admins.front().id, admins.front().displayName, ""};
    // A fixed form key: a second run can never add a second opening balance.
    LabAdjustments(services).adjust(organization, *opening, "Opening balance", "de00000000000001", admin);

    host.database().transaction([&](sdk::Transaction& tx) {
        const std::int64_t now =
            std::chrono::duration_cast<std::chrono::milliseconds>(host.clock().now().time_since_epoch())
                .count();
        CreditAccount locked = ledger.lock(tx, organization, now);
        locked.thresholdMinor = *threshold;
        locked.updatedBy = admin.userId;
        locked.updatedAt = now;
        ledger.saveSettings(tx, locked);
        host.audit().record(
            tx, admin,
            {"credits.threshold_changed", "organization", std::to_string(organization), organization,
             "low-balance threshold " + sdk::formatMoney({*threshold, currency}) + " (demo)"});
    });
}

} // namespace molar::credits
