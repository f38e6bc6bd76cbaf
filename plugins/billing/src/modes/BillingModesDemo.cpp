#include "modes/BillingModesDemo.h"

#include <chrono>

namespace molar::billing {

namespace {

constexpr const char* kCreditsOrganization = "Smile Studio";

} // namespace

void seedBillingModesDemo(sdk::Host& host, const BillingAccounts& accounts)
{
    std::int64_t organization = 0;
    for (const auto& candidate : host.accounts().organizations(""))
        if (candidate.name == kCreditsOrganization)
            organization = candidate.id;
    const auto admins = host.accounts().labUsers("admin");
    if (organization == 0 || admins.empty())
        return;
    if (accounts.accountOf(host.database(), organization).updatedBy != 0)
        return; // the lab chose its mode: a demo restart never overrides it

    BillingAccount account = accounts.accountOf(host.database(), organization);
    account.mode = "credits";
    account.updatedBy = admins.front().id;
    account.updatedAt =
        std::chrono::duration_cast<std::chrono::milliseconds>(host.clock().now().time_since_epoch()).count();
    const sdk::Actor admin{admins.front().id, admins.front().displayName, ""};
    host.database().transaction(
        [&](sdk::Transaction& tx) { accounts.set(tx, host.audit(), admin, account); });
}

} // namespace molar::billing
