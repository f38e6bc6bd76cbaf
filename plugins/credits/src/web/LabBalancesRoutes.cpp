#include "web/LabBalancesRoutes.h"

#include "debits/CaseDebits.h"
#include "ledger/CreditLedger.h"
#include "web/LabViewer.h"

#include <map>
#include <set>

namespace molar::credits {

void LabBalancesRoutes::index(sdk::Request& request, sdk::Response& response)
{
    const LabViewer viewer(_services.host, request);
    viewer.requireReader();
    sdk::Host& host = _services.host;
    sdk::SqlRunner& db = host.database();

    const auto held = _services.debits.held(db, 0);
    std::map<std::int64_t, int> heldCount;
    for (const auto& hold : held)
        ++heldCount[hold.organizationId];
    // Every organization is listed below anyway: one query names them all, where asking
    // for each account's organization cost a query per row.
    const auto organizations = host.accounts().organizations("");
    std::map<std::int64_t, std::string> names;
    for (const auto& organization : organizations)
        names.emplace(organization.id, organization.name);
    const auto nameOf = [&](std::int64_t id) {
        const auto found = names.find(id);
        return found == names.end() ? "#" + std::to_string(id) : found->second;
    };
    const auto href = [](std::int64_t id) { return std::string(path) + "/" + std::to_string(id); };

    sdk::Value accounts = sdk::Value::array();
    std::set<std::int64_t> withAccount;
    for (const auto& account : _services.ledger.accounts(db)) {
        withAccount.insert(account.organizationId);
        const std::string& currency =
            account.currency.empty() ? _services.ledger.currency() : account.currency;
        const int count = heldCount.count(account.organizationId) ? heldCount.at(account.organizationId) : 0;
        accounts.push(sdk::Value::object(
            {{"name", nameOf(account.organizationId)},
             {"href", href(account.organizationId)},
             {"balance", viewer.money(account.balanceMinor, currency)},
             {"threshold", account.thresholdMinor > 0 ? viewer.money(account.thresholdMinor, currency)
                                                      : viewer.t("credits.lab.noThreshold")},
             {"autoTopUp", viewer.t(account.autoEnabled ? "credits.lab.autoOn" : "credits.lab.autoOff")},
             {"held", std::to_string(count)}}));
    }

    sdk::Value cases = sdk::Value::array();
    for (const auto& hold : held)
        cases.push(sdk::Value::object({{"number", hold.caseNumber},
                                       {"caseHref", "/cases/" + std::to_string(hold.caseId)},
                                       {"organization", nameOf(hold.organizationId)},
                                       {"organizationHref", href(hold.organizationId)},
                                       {"amount", viewer.money(hold.amountMinor, hold.currency)},
                                       {"since", viewer.time(hold.heldAt)}}));

    // The organizations without an account yet: the lab may still open one (an adjustment).
    sdk::Value others = sdk::Value::array();
    for (const auto& organization : organizations)
        if (!withAccount.count(organization.id))
            others.push(sdk::Value::object({{"name", organization.name}, {"href", href(organization.id)}}));

    const sdk::Value data = sdk::Value::object({{"accounts", accounts},
                                                {"hasAccounts", accounts.size() > 0},
                                                {"held", cases},
                                                {"hasHeld", cases.size() > 0},
                                                {"others", others},
                                                {"hasOthers", others.size() > 0}});
    host.views().page(request, response, "credits/lab-credits", "credits.lab.title", data);
}

} // namespace molar::credits
