#include "web/CreditsPageRoutes.h"

#include "autotopup/AutoTopUp.h"
#include "ledger/CreditRefusal.h"
#include "web/ClinicViewer.h"

#include "molar/sdk/Audit.h"
#include "molar/sdk/Money.h"

namespace molar::credits {

namespace {

// The field a refusal of the auto top-up's settings concerns, by its catalog key.
std::string fieldOf(const std::string& key)
{
    for (const char* field : {"threshold", "pack", "method"})
        if (key.find(field) != std::string::npos)
            return field;
    if (key.find("card") != std::string::npos)
        return "method";
    return "top";
}

} // namespace

void CreditsPageRoutes::registerRoutes(sdk::Routes& routes)
{
    sdk::RouteOptions form;
    form.maxBodyBytes = 4 * 1024;
    routes.add("GET", CreditsPage::path, sdk::Access::Clinic,
               [self = shared_from_this()](sdk::Request& request, sdk::Response& response) {
                   self->show(request, response);
               });
    routes.add(
        "POST", std::string(CreditsPage::path) + "/auto-top-up", sdk::Access::Clinic,
        [self = shared_from_this()](sdk::Request& request, sdk::Response& response) {
            self->configureAutoTopUp(request, response);
        },
        form);
}

void CreditsPageRoutes::show(sdk::Request& request, sdk::Response& response)
{
    const ClinicViewer viewer(_services.host, request);
    CreditsForm form;
    if (request.query("done") == "auto")
        form.notice = viewer.t("credits.page.done.auto");
    _page.render(request, response, form);
}

void CreditsPageRoutes::configureAutoTopUp(sdk::Request& request, sdk::Response& response)
{
    const ClinicViewer viewer(_services.host, request);
    const std::int64_t organizationId = viewer.ownerOrganization();
    CreditsForm form;
    form.autoEntered = true;
    form.threshold = request.form("threshold");
    form.autoPack = request.form("pack");
    form.methodId = request.form("method");
    const std::string enabled = request.form("enabled");
    form.autoEnabled = enabled == "on" || enabled == "yes" || enabled == "1";

    std::int64_t thresholdMinor = 0;
    if (!form.threshold.empty()) {
        const auto parsed = sdk::parseMinorUnits(form.threshold, _services.settings.currency);
        if (!parsed)
            form.errors["threshold"] = viewer.t("credits.auto.error.threshold");
        else
            thresholdMinor = *parsed;
    }
    if (!_services.settings.pack(form.autoPack))
        form.errors["pack"] = viewer.t("credits.auto.error.pack");
    if (form.autoEnabled && form.methodId.empty())
        form.errors["method"] = viewer.t("credits.auto.error.noCard");
    if (!form.errors.empty()) {
        response.setStatus(400);
        return _page.render(request, response, form);
    }
    try {
        _services.autoTopUp.configure(organizationId, form.autoEnabled, thresholdMinor, form.autoPack,
                                      form.methodId, sdk::Actor::of(request));
    } catch (const CreditRefusal& refusal) {
        form.errors[fieldOf(refusal.key())] = viewer.refusal(refusal.key(), "credits.auto.error.refused");
        response.setStatus(refusal.status());
        return _page.render(request, response, form);
    }
    response.redirect(std::string(CreditsPage::path) + "?done=auto#auto-top-up");
}

} // namespace molar::credits
