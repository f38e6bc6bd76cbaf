#include "cards/PaymentMethodRoutes.h"

#include "modes/BillingAccounts.h"

#include "molar/sdk/Errors.h"

#include <cctype>
#include <stdexcept>

namespace molar::billing {

namespace {

// Digits only, at most 18: an id; 0 for anything else.
std::int64_t idFrom(const std::string& text)
{
    if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
        return 0;
    return std::stoll(text);
}

// A setup id as the host makes them: letters, digits, '-' and '_', at most 128.
bool plausibleSetupId(const std::string& text)
{
    if (text.empty() || text.size() > 128)
        return false;
    for (const char c : text)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_')
            return false;
    return true;
}

sdk::Value errorsValue(const std::map<std::string, std::string>& errors)
{
    sdk::Value out = sdk::Value::object();
    for (const auto& [field, message] : errors)
        out.set(field, message);
    return out;
}

} // namespace

void PaymentMethodRoutes::registerRoutes(sdk::Routes& routes)
{
    sdk::RouteOptions form;
    form.maxBodyBytes = 4 * 1024;
    const std::string base = path;
    routes.add("GET", base, sdk::Access::Clinic, [this](sdk::Request& request, sdk::Response& response) {
        const std::string done = request.query("done");
        std::string notice;
        if (done == "default" || done == "removed")
            notice = t(request, "billing.cards.done." + done);
        show(request, response, notice);
    });
    routes.add(
        "POST", base, sdk::Access::Clinic,
        [this](sdk::Request& request, sdk::Response& response) { add(request, response); }, form);
    routes.add("GET", base + "/saved", sdk::Access::Clinic,
               [this](sdk::Request& request, sdk::Response& response) { saved(request, response); });
    routes.add(
        "POST", base + "/{id}/default", sdk::Access::Clinic,
        [this](sdk::Request& request, sdk::Response& response) { makeDefault(request, response); }, form);
    routes.add(
        "POST", base + "/{id}/remove", sdk::Access::Clinic,
        [this](sdk::Request& request, sdk::Response& response) { remove(request, response); }, form);
}

std::string PaymentMethodRoutes::t(const sdk::Request& request, const std::string& key) const
{
    return _host.views().translate(key, request.language());
}

std::int64_t PaymentMethodRoutes::ownerOrganization(const sdk::Request& request) const
{
    const auto& principal = request.principal();
    if (!principal || principal->side != "clinic" || principal->role != "owner" ||
        principal->organizationId == 0)
        throw sdk::HttpError(403, t(request, "billing.cards.error.ownerOnly"));
    return principal->organizationId;
}

std::int64_t PaymentMethodRoutes::ownMethod(const sdk::Request& request)
{
    const auto& principal = request.principal();
    const std::int64_t id = idFrom(request.param("id"));
    bool found = false;
    if (id != 0 && principal && principal->side == "clinic" && principal->organizationId != 0)
        for (const auto& method : _host.payments().savedMethods(principal->organizationId))
            found = found || method.id == id;
    if (!found)
        throw sdk::HttpError(404, t(request, "billing.cards.error.notFound"));
    ownerOrganization(request);
    return id;
}

std::vector<sdk::PaymentCapabilities> PaymentMethodRoutes::savingProviders()
{
    std::vector<sdk::PaymentCapabilities> out;
    for (const auto& provider : _host.payments().providers())
        if (provider.savedMethods)
            out.push_back(provider);
    return out;
}

void PaymentMethodRoutes::show(sdk::Request& request, sdk::Response& response, const std::string& notice,
                               bool pending, const Errors& errors)
{
    const std::int64_t organizationId = ownerOrganization(request);
    const std::string language = request.language();
    std::vector<sdk::SavedPaymentMethod> methods;
    try {
        methods = _host.payments().savedMethods(organizationId);
    } catch (const std::exception& e) {
        _host.logger().error("organization " + std::to_string(organizationId) +
                             ": the payment service could not list its saved methods: " + e.what());
        throw sdk::HttpError(503, t(request, "billing.cards.error.unavailable"));
    }
    sdk::Value rows = sdk::Value::array();
    for (const auto& method : methods) {
        const std::string id = std::to_string(method.id);
        const std::string brand = CardOnFile::brandName(_host, method.method.brand, language);
        rows.push(sdk::Value::object({
            {"id", id},
            {"brand", brand},
            {"last4", method.method.last4},
            {"expiry", CardOnFile::expiry(method.method)},
            {"isDefault", method.isDefault},
            {"defaultAction", std::string(path) + "/" + id + "/default"},
            {"removeAction", std::string(path) + "/" + id + "/remove"},
        }));
    }

    sdk::Value providers = sdk::Value::array();
    const auto saving = savingProviders();
    const std::string chosen = request.method() == "POST" ? request.form("provider") : std::string();
    for (const auto& provider : saving)
        providers.push(sdk::Value::object({{"name", provider.name},
                                           {"displayName", _invoices.providerName(provider, language)},
                                           {"checked", provider.name == chosen}}));

    const std::string mode = BillingAccounts::modeOf(_host.database(), organizationId);
    sdk::Value data = sdk::Value::object();
    data.set("methods", rows);
    data.set("hasMethods", rows.size() > 0);
    data.set("providers", providers);
    data.set("canAdd", !saving.empty());
    data.set("chooseProvider", saving.size() > 1);
    data.set("action", path);
    data.set("notice", notice);
    data.set("pending", pending);
    data.set("checkAgainHref", pending ? std::string(path) + "/saved?setup=" + request.query("setup") : "");
    data.set("required", _cards.missing(organizationId, language));
    data.set("needsCard", CardOnFile::modeNeedsCard(mode));
    data.set("modeLabel", t(request, "billing.mode." + mode));
    data.set("errors", errorsValue(errors));
    data.set("csrf", request.csrfToken());
    _host.views().page(request, response, "billing/payment-methods", "billing.cards.title", data);
}

void PaymentMethodRoutes::add(sdk::Request& request, sdk::Response& response)
{
    const std::int64_t organizationId = ownerOrganization(request);
    const auto saving = savingProviders();
    std::string name = request.form("provider");
    if (name.empty() && saving.size() == 1)
        name = saving.front().name;
    std::optional<sdk::PaymentCapabilities> chosen;
    for (const auto& provider : saving)
        if (provider.name == name)
            chosen = provider;
    if (!chosen) {
        response.setStatus(400);
        return show(request, response, "", false,
                    {{"provider", t(request, saving.empty() ? "billing.cards.error.noProvider"
                                                            : "billing.cards.error.provider")}});
    }

    const std::string page = _host.publicUrl() + path;
    sdk::MethodSetup setup;
    try {
        setup = _host.payments().startSavingMethod(
            organizationId, chosen->name, page + "/saved?setup={SETUP_ID}", page, request.language());
    } catch (const std::exception& e) {
        // A provider that refused or is misconfigured, or the service unable to ask it: nothing
        // was saved; the owner may try again.
        _host.logger().error("organization " + std::to_string(organizationId) + ": saving a method with '" +
                             chosen->name + "' could not start: " + e.what());
        response.setStatus(502);
        return show(request, response, "", false,
                    {{"provider", t(request, "billing.cards.error.startFailed")}});
    }
    if (ProviderHandoff::isAbsolute(setup.redirectUrl))
        return _handoff.send(request, response, setup.redirectUrl,
                             _invoices.providerName(*chosen, request.language()));
    // A provider without a page of its own (none here yet takes a widget): back to the list.
    _host.logger().warning("organization " + std::to_string(organizationId) + ": provider '" + chosen->name +
                           "' started saving a method without a page to send the payer to");
    response.redirect(path);
}

void PaymentMethodRoutes::saved(sdk::Request& request, sdk::Response& response)
{
    const std::int64_t organizationId = ownerOrganization(request);
    const std::string setup = request.query("setup");
    if (!plausibleSetupId(setup))
        throw sdk::HttpError(404, t(request, "billing.cards.error.noSetup"));
    std::optional<sdk::SavedPaymentMethod> method;
    try {
        method = _host.payments().finishSavingMethod(organizationId, setup);
    } catch (const std::exception& e) {
        // The provider did not answer: the webhook still brings the card; the page says "not yet".
        _host.logger().warning("organization " + std::to_string(organizationId) + ": finishing setup " +
                               setup + " failed: " + e.what());
    }
    if (method)
        return show(request, response,
                    _invoices.viewFor(request).t(
                        "billing.cards.done.saved",
                        {{"card", CardOnFile::describe(_host, *method, request.language())}}));
    show(request, response, "", true);
}

void PaymentMethodRoutes::makeDefault(sdk::Request& request, sdk::Response& response)
{
    const std::int64_t id = ownMethod(request);
    const std::int64_t organizationId = ownerOrganization(request);
    if (!_host.payments().makeDefaultMethod(organizationId, id, sdk::Actor::of(request)))
        throw sdk::HttpError(404, t(request, "billing.cards.error.notFound"));
    response.redirect(std::string(path) + "?done=default");
}

void PaymentMethodRoutes::remove(sdk::Request& request, sdk::Response& response)
{
    const std::int64_t id = ownMethod(request);
    const std::int64_t organizationId = ownerOrganization(request);
    bool removed = false;
    try {
        removed = _host.payments().removeMethod(organizationId, id, sdk::Actor::of(request));
    } catch (const std::invalid_argument&) {
        removed = false;
    } catch (const std::exception& e) {
        _host.logger().error("organization " + std::to_string(organizationId) + ": removing method " +
                             std::to_string(id) + " failed: " + e.what());
        throw sdk::HttpError(502, t(request, "billing.cards.error.removeFailed"));
    }
    if (!removed)
        throw sdk::HttpError(404, t(request, "billing.cards.error.notFound"));
    response.redirect(std::string(path) + "?done=removed");
}

} // namespace molar::billing
