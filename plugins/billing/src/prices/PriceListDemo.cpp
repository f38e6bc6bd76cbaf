#include "prices/PriceListDemo.h"

#include "molar/sdk/Audit.h"

namespace molar::billing {

void seedPriceListDemo(sdk::Host& host, PriceLists& lists)
{
    sdk::Accounts& accounts = host.accounts();
    std::int64_t pearl = 0;
    for (const auto& organization : accounts.organizations(""))
        if (organization.name == "Pearl Dental Group")
            pearl = organization.id;
    const auto owners = pearl ? accounts.organizationUsers(pearl, "owner") : std::vector<sdk::UserInfo>();
    const auto admins = accounts.labUsers("admin");
    if (owners.empty() || admins.empty() || PriceListStore::forOrganization(host.database(), pearl))
        return;

    // A group of two clinics sending many crowns: a tenth off its restorative work.
    CustomPrices prices;
    for (const auto& item : lists.book().catalog())
        if (item.family == "restorative")
            prices[item.code] = sdk::Money{item.priceMinor - item.priceMinor / 10, item.currency};
    if (prices.empty())
        return;
    const auto saved =
        lists.save(sdk::Actor{admins.front().id, admins.front().displayName, ""}, pearl, 0, prices);
    if (saved.outcome != PriceLists::Saved::NewVersion)
        return;
    const auto list = PriceListStore::forOrganization(host.database(), pearl);
    lists.accept(sdk::Actor{owners.front().id, owners.front().displayName, ""}, pearl, list->id,
                 saved.version);
}

} // namespace molar::billing
