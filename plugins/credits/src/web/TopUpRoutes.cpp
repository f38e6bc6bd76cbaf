#include "web/TopUpRoutes.h"

#include "ledger/CreditRefusal.h"
#include "topups/TopUps.h"
#include "web/LocalTime.h"

#include "molar/sdk/Errors.h"
#include "molar/sdk/Payments.h"

#include <cctype>
#include <map>

namespace molar::credits {

namespace {

// Digits only, at most 18: an id; 0 for anything else.
std::int64_t idFrom(const std::string& text)
{
    if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
        return 0;
    return std::stoll(text);
}

std::map<std::string, sdk::PaymentCapabilities> providersByName(sdk::Payments& payments)
{
    std::map<std::string, sdk::PaymentCapabilities> out;
    for (const auto& provider : payments.providers())
        out[provider.name] = provider;
    return out;
}

// A provider's code as a catalog key's last part: [a-z0-9_] only, at most 64.
bool plainCode(const std::string& code)
{
    return !code.empty() && code.size() <= 64 &&
           code.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos;
}

} // namespace

void TopUpRoutes::registerRoutes(sdk::Routes& routes)
{
    sdk::RouteOptions form;
    form.maxBodyBytes = 4 * 1024;
    const std::string base = std::string(CreditsPage::path) + "/topups";
    routes.add(
        "POST", base, sdk::Access::Clinic,
        [self = shared_from_this()](sdk::Request& request, sdk::Response& response) {
            self->buy(request, response);
        },
        form);
    routes.add("GET", base + "/{id}", sdk::Access::Clinic,
               [self = shared_from_this()](sdk::Request& request, sdk::Response& response) {
                   self->show(request, response);
               });
}

std::optional<TopUp> TopUpRoutes::openTransfer(std::int64_t organizationId, const std::string& pack,
                                               const std::string& provider) const
{
    for (const TopUp& topup : _services.topups.recent(_services.host.database(), organizationId, 10))
        if (topup.state == "pending" && topup.origin == "clinic" && topup.packCode == pack &&
            topup.provider == provider)
            return topup;
    return std::nullopt;
}

void TopUpRoutes::buy(sdk::Request& request, sdk::Response& response)
{
    const ClinicViewer viewer(_services.host, request);
    const std::int64_t organizationId = viewer.ownerOrganization();
    CreditsForm form;
    form.buyPack = request.form("pack");
    form.buyProvider = request.form("provider");
    const std::string field = "buy-" + form.buyPack;
    const auto refuse = [&](int status, const std::string& message) {
        form.errors[_services.settings.pack(form.buyPack) ? field : "top"] = message;
        response.setStatus(status);
        _page.render(request, response, form);
    };

    std::optional<sdk::PaymentCapabilities> provider;
    for (const auto& offered : _page.buyingProviders())
        if (offered.name == form.buyProvider)
            provider = offered;
    if (!_services.settings.pack(form.buyPack))
        return refuse(400, viewer.t("credits.buy.error.pack"));
    if (!provider)
        return refuse(400, viewer.t("credits.buy.error.provider"));
    const bool offline = provider->flow == sdk::PaymentFlow::Offline;
    if (offline) {
        if (const auto open = openTransfer(organizationId, form.buyPack, provider->name))
            return response.redirect(std::string(CreditsPage::path) + "/topups/" + std::to_string(open->id));
    }

    TopUps::Started started;
    sdk::PaymentResult result;
    try {
        started = _services.topups.begin(organizationId, form.buyPack, provider->name, "clinic",
                                         request.principal()->userId);
        const std::string back = _services.host.publicUrl() + CreditsPage::path;
        result = _services.host.payments().checkout(
            started.attemptId, back + "/topups/" + std::to_string(started.topupId), back);
    } catch (const CreditRefusal& refusal) {
        return refuse(refusal.status(), viewer.refusal(refusal.key(), "credits.buy.error.refused"));
    } catch (const std::invalid_argument& e) {
        _services.host.logger().warning("organization " + std::to_string(organizationId) + ": buying '" +
                                        form.buyPack + "' with '" + provider->name +
                                        "' refused: " + e.what());
        return refuse(409, viewer.t("credits.buy.error.refused"));
    } catch (const sdk::PermanentError& e) {
        _services.host.logger().error("payment provider '" + provider->name +
                                      "' is misconfigured: " + e.what());
        return refuse(502, viewer.t("credits.buy.error.providerFailed"));
    } catch (const sdk::PaymentUnsupported& e) {
        _services.host.logger().error("payment provider '" + provider->name +
                                      "' cannot check out: " + e.what());
        return refuse(502, viewer.t("credits.buy.error.providerFailed"));
    }
    const std::string page = std::string(CreditsPage::path) + "/topups/" + std::to_string(started.topupId);
    if (!offline && ProviderHandoff::isAbsolute(result.redirectUrl))
        return _handoff.send(request, response, result.redirectUrl, viewer.providerName(*provider));
    response.redirect(page);
}

std::string TopUpRoutes::instructions(const TopUp& topup, const sdk::PaymentAttempt& attempt,
                                      const std::string& language) const
{
    // The host keeps no instructions; the provider words them again, in the payer's language.
    try {
        const auto provider = _services.host.payments().provider(attempt.provider);
        if (!provider)
            return {};
        sdk::PaymentRequest ask;
        ask.idempotencyKey = attempt.id;
        ask.amount = attempt.amount;
        ask.reference = attempt.purpose.reference;
        ask.customerId = std::to_string(topup.organizationId);
        ask.language = language;
        return provider->fetchPayment(ask, attempt.providerPaymentId).instructions;
    } catch (const std::exception& e) {
        // The page still shows the reference.
        _services.host.logger().warning("top-up " + std::to_string(topup.id) + ": the payment provider '" +
                                        attempt.provider + "' did not say how to pay: " + e.what());
        return {};
    }
}

std::string TopUpRoutes::failure(const ClinicViewer& viewer, const sdk::PaymentAttempt& attempt) const
{
    const bool failed = attempt.state == sdk::PaymentState::Failed ||
                        (attempt.state == sdk::PaymentState::RequiresAction && !attempt.failureCode.empty());
    if (!failed)
        return {};
    if (plainCode(attempt.failureCode)) {
        const std::string key = "payment.failure." + attempt.failureCode;
        const std::string words = viewer.t(key);
        if (words != key)
            return words;
    }
    return viewer.refusal("payment.failure.generic", "credits.topup.failed");
}

void TopUpRoutes::show(sdk::Request& request, sdk::Response& response)
{
    const ClinicViewer viewer(_services.host, request);
    const std::int64_t organizationId = viewer.organization();
    const std::int64_t id = idFrom(request.param("id"));
    std::optional<TopUp> topup;
    if (id != 0)
        topup = _services.topups.find(_services.host.database(), id, organizationId);
    if (!topup)
        throw sdk::HttpError(404, viewer.t("credits.topup.error.notFound"));

    const auto providers = providersByName(_services.host.payments());
    const auto provider = providers.find(topup->provider);
    const bool offline = provider == providers.end() || provider->second.flow == sdk::PaymentFlow::Offline;
    std::optional<sdk::PaymentAttempt> attempt;
    if (!topup->attemptId.empty())
        attempt = _services.host.payments().attempt(topup->attemptId);
    // A payer back from the provider's page: what the provider says now, before its webhook.
    if (attempt && !offline && topup->state == "pending" &&
        (attempt->state == sdk::PaymentState::Pending || attempt->state == sdk::PaymentState::Unknown)) {
        try {
            if (const auto now = _services.host.payments().refresh(attempt->id)) {
                attempt = now;
                topup = _services.topups.find(_services.host.database(), id, organizationId);
            }
        } catch (const std::exception& e) {
            _services.host.logger().warning("top-up " + std::to_string(id) + ": asking '" + topup->provider +
                                            "' about attempt " + attempt->id + " failed: " + e.what());
        }
    }

    sdk::Value data = sdk::Value::object();
    data.set("pack", topup->packName);
    data.set("credits", viewer.money(topup->creditsMinor, topup->currency));
    data.set("price", viewer.money(topup->priceMinor, topup->currency));
    data.set("received", viewer.money(topup->receivedMinor, topup->currency));
    data.set("state", viewer.t("credits.topup.state." + topup->state));
    data.set("stateCode", topup->state);
    data.set("pending", topup->state == "pending");
    data.set("credited", topup->state == "credited");
    data.set("provider",
             provider == providers.end() ? topup->provider : viewer.providerName(provider->second));
    data.set("createdAt", viewer.time(topup->createdAt));
    data.set("creditsHref", CreditsPage::path);
    if (attempt) {
        if (offline && topup->state == "pending") {
            data.set("reference", attempt->payerReference);
            data.set("instructions", instructions(*topup, *attempt, viewer.language()));
        }
        data.set("failure", failure(viewer, *attempt));
    }
    _services.host.views().page(request, response, "credits/topup", "credits.topup.title", data);
}

} // namespace molar::credits
