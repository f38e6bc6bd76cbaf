#include "web/CreditsPage.h"

#include "debits/CaseDebits.h"
#include "ledger/CreditLedger.h"
#include "topups/TopUps.h"
#include "web/CardWords.h"
#include "web/ClinicViewer.h"
#include "web/LocalTime.h"
#include "web/PackWords.h"

#include "molar/sdk/Money.h"

#include <algorithm>
#include <map>

namespace molar::credits {

namespace {

sdk::Value errorsValue(const std::map<std::string, std::string>& errors)
{
    sdk::Value out = sdk::Value::object();
    for (const auto& [field, message] : errors)
        out.set(field, message);
    return out;
}

sdk::Value heldCases(CreditsServices& services, const ClinicViewer& viewer, std::int64_t organizationId)
{
    sdk::Value rows = sdk::Value::array();
    for (const HeldCase& held : services.debits.held(services.host.database(), organizationId))
        rows.push(sdk::Value::object({{"number", held.caseNumber},
                                      {"href", "/cases/" + std::to_string(held.caseId)},
                                      {"amount", viewer.money(held.amountMinor, held.currency)},
                                      {"heldAt", viewer.time(held.heldAt)}}));
    return rows;
}

sdk::Value recentTopUps(CreditsServices& services, const ClinicViewer& viewer, std::int64_t organizationId)
{
    sdk::Value rows = sdk::Value::array();
    for (const TopUp& topup : services.topups.recent(services.host.database(), organizationId, 5))
        rows.push(sdk::Value::object(
            {{"href", std::string(CreditsPage::path) + "/topups/" + std::to_string(topup.id)},
             {"pack", topup.packName},
             {"price", viewer.money(topup.priceMinor, topup.currency)},
             {"state", viewer.t("credits.topup.state." + topup.state)},
             {"createdAt", viewer.time(topup.createdAt)}}));
    return rows;
}

} // namespace

std::vector<sdk::PaymentCapabilities> CreditsPage::buyingProviders() const
{
    std::vector<sdk::PaymentCapabilities> out;
    const std::string& currency = _services.settings.currency;
    for (const auto& provider : _services.host.payments().providers()) {
        if (provider.flow == sdk::PaymentFlow::ClientWidget)
            continue;
        if (!provider.currencies.empty() && std::find(provider.currencies.begin(), provider.currencies.end(),
                                                      currency) == provider.currencies.end())
            continue;
        out.push_back(provider);
    }
    return out;
}

std::vector<sdk::PaymentCapabilities> CreditsPage::savingProviders() const
{
    std::vector<sdk::PaymentCapabilities> out;
    for (const auto& provider : _services.host.payments().providers())
        if (provider.savedMethods)
            out.push_back(provider);
    return out;
}

std::vector<sdk::SavedPaymentMethod> CreditsPage::chargeableMethods(std::int64_t organizationId) const
{
    std::map<std::string, bool> offSession;
    for (const auto& provider : _services.host.payments().providers())
        offSession[provider.name] = provider.offSession;
    std::vector<sdk::SavedPaymentMethod> out;
    for (const auto& method : _services.host.payments().savedMethods(organizationId))
        if (offSession[method.provider])
            out.push_back(method);
    return out;
}

void CreditsPage::render(sdk::Request& request, sdk::Response& response, const CreditsForm& form) const
{
    const ClinicViewer viewer(_services.host, request);
    const std::int64_t organizationId = viewer.organization();
    const CreditAccount account = _services.ledger.account(_services.host.database(), organizationId);
    const std::string& currency = _services.settings.currency;
    const PackWords packs(_services.settings, viewer);

    sdk::Value data = sdk::Value::object();
    data.set("balance", viewer.money(account.balanceMinor, currency));
    data.set("notice", form.notice);
    data.set("errors", errorsValue(form.errors));
    data.set("canAct", viewer.isOwner());
    data.set("csrf", request.csrfToken());
    data.set("activityHref", std::string(path) + "/activity");

    const sdk::Value held = heldCases(_services, viewer, organizationId);
    data.set("held", held);
    data.set("hasHeld", held.size() > 0);
    const sdk::Value topups = recentTopUps(_services, viewer, organizationId);
    data.set("topups", topups);
    data.set("hasTopUps", topups.size() > 0);

    // Auto top-up: the card it charges, the threshold and the pack, as saved or as typed.
    std::vector<sdk::SavedPaymentMethod> methods;
    try {
        methods = chargeableMethods(organizationId);
    } catch (const std::exception& e) {
        _services.host.logger().error("organization " + std::to_string(organizationId) +
                                      ": the payment service could not list its saved methods: " + e.what());
    }
    const std::string methodId = form.autoEntered ? form.methodId : account.autoMethodId;
    sdk::Value cards = sdk::Value::array();
    for (const auto& method : methods) {
        const std::string id = std::to_string(method.id);
        cards.push(sdk::Value::object({{"id", id},
                                       {"label", describeCard(viewer, method)},
                                       {"selected", methodId.empty() ? method.isDefault : id == methodId}}));
    }
    data.set("cards", cards);
    data.set("hasCard", cards.size() > 0);
    data.set("chooseCard", cards.size() > 1);
    data.set("canAddCard", !savingProviders().empty());
    data.set("cardAction", std::string(path) + "/card");
    data.set("autoAction", std::string(path) + "/auto-top-up");
    data.set("threshold",
             form.autoEntered ? form.threshold : sdk::formatMinorUnits(account.thresholdMinor, currency));
    data.set("currency", currency);
    const bool enabled = form.autoEntered ? form.autoEnabled : account.autoEnabled;
    data.set("autoEnabled", enabled);
    const std::string autoPack = form.autoEntered ? form.autoPack : account.autoPack;
    data.set("autoPacks", packs.options(autoPack));
    data.set("autoStatus", packs.autoStatus(account, methods));

    data.set("packs", packs.forSale(account.discountBasisPoints, buyingProviders(), form));
    data.set("buyAction", std::string(path) + "/topups");
    _services.host.views().page(request, response, "credits/credits", "credits.page.title", data);
}

} // namespace molar::credits
