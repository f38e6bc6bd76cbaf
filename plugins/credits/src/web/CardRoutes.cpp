#include "web/CardRoutes.h"

#include "web/CardWords.h"
#include "web/ClinicViewer.h"

#include "molar/sdk/Errors.h"

#include <cctype>
#include <optional>

namespace molar::credits {

namespace {

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

} // namespace

void CardRoutes::registerRoutes(sdk::Routes& routes)
{
    sdk::RouteOptions form;
    form.maxBodyBytes = 4 * 1024;
    const std::string base = std::string(CreditsPage::path) + "/card";
    routes.add(
        "POST", base, sdk::Access::Clinic,
        [self = shared_from_this()](sdk::Request& request, sdk::Response& response) {
            self->start(request, response);
        },
        form);
    routes.add("GET", base + "/{setupId}", sdk::Access::Clinic,
               [self = shared_from_this()](sdk::Request& request, sdk::Response& response) {
                   self->finish(request, response);
               });
}

void CardRoutes::start(sdk::Request& request, sdk::Response& response)
{
    const ClinicViewer viewer(_services.host, request);
    const std::int64_t organizationId = viewer.ownerOrganization();
    const auto saving = _page.savingProviders();
    const std::string name = request.form("provider");
    std::optional<sdk::PaymentCapabilities> chosen;
    for (const auto& provider : saving)
        if (!chosen && (name.empty() || provider.name == name))
            chosen = provider;
    CreditsForm form;
    if (!chosen) {
        form.errors["card"] = viewer.t("credits.card.error.noProvider");
        response.setStatus(400);
        return _page.render(request, response, form);
    }
    const std::string page = _services.host.publicUrl() + CreditsPage::path;
    sdk::MethodSetup setup;
    try {
        setup = _services.host.payments().startSavingMethod(
            organizationId, chosen->name, page + "/card/{SETUP_ID}", page, viewer.language());
    } catch (const std::exception& e) {
        // Refused, misconfigured or unanswered: nothing was saved; the owner may try again.
        _services.host.logger().error("organization " + std::to_string(organizationId) +
                                      ": saving a card with '" + chosen->name +
                                      "' could not start: " + e.what());
        form.errors["card"] = viewer.t("credits.card.error.startFailed");
        response.setStatus(502);
        return _page.render(request, response, form);
    }
    if (ProviderHandoff::isAbsolute(setup.redirectUrl))
        return _handoff.send(request, response, setup.redirectUrl, viewer.providerName(*chosen));
    _services.host.logger().warning("organization " + std::to_string(organizationId) + ": provider '" +
                                    chosen->name +
                                    "' started saving a card without a page to send the payer to");
    response.redirect(CreditsPage::path);
}

void CardRoutes::finish(sdk::Request& request, sdk::Response& response)
{
    const ClinicViewer viewer(_services.host, request);
    const std::int64_t organizationId = viewer.ownerOrganization();
    const std::string setup = request.param("setupId");
    if (!plausibleSetupId(setup))
        throw sdk::HttpError(404, viewer.t("credits.card.error.noSetup"));
    std::optional<sdk::SavedPaymentMethod> method;
    try {
        // Nothing for another organization's setup: the payment service checks it is this one's.
        method = _services.host.payments().finishSavingMethod(organizationId, setup);
    } catch (const std::exception& e) {
        // The provider did not answer: its webhook still brings the card.
        _services.host.logger().warning("organization " + std::to_string(organizationId) +
                                        ": finishing setup " + setup + " failed: " + e.what());
    }
    CreditsForm form;
    form.notice = method ? viewer.t("credits.card.saved", {{"card", describeCard(viewer, *method)}})
                         : viewer.t("credits.card.pending");
    _page.render(request, response, form);
}

} // namespace molar::credits
