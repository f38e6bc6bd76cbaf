#include "web/LabAccountRoutes.h"

#include "debits/CaseDebits.h"
#include "ledger/CreditLedger.h"
#include "ledger/CreditRefusal.h"
#include "web/LabBalancesRoutes.h"

#include "molar/sdk/Errors.h"

namespace molar::credits {

namespace {

// What `?done=` says after a form, in the viewer's words; nothing for another value.
std::string noticeKey(const std::string& done)
{
    for (const char* known : {"adjusted", "discount", "discountUnchanged", "returned"})
        if (done == known)
            return std::string("credits.lab.done.") + known;
    return "";
}

} // namespace

void LabAccountRoutes::show(sdk::Request& request, sdk::Response& response)
{
    const LabViewer viewer(_services.host, request);
    viewer.requireReader();
    const sdk::OrganizationInfo organization = organizationNamed(_services.host, request, viewer);
    const std::string key = noticeKey(request.query("done"));
    _page.render(request, response, 200, viewer, organization, {}, key.empty() ? "" : viewer.t(key));
}

sdk::OrganizationInfo LabAccountRoutes::formOrganization(sdk::Request& request, const LabViewer& viewer)
{
    viewer.requireActor();
    const sdk::OrganizationInfo organization = organizationNamed(_services.host, request, viewer);
    // A form of another organization's page (an old tab, an edited form) changes nothing here.
    if (idParameter(request.form("organizationId")) != organization.id)
        throw sdk::HttpError(400, viewer.t("credits.lab.error.otherOrganization"));
    return organization;
}

void LabAccountRoutes::done(sdk::Response& response, std::int64_t organizationId, const std::string& what)
{
    response.redirect(std::string(LabBalancesRoutes::path) + "/" + std::to_string(organizationId) +
                      "?done=" + what);
}

void LabAccountRoutes::adjust(sdk::Request& request, sdk::Response& response)
{
    const LabViewer viewer(_services.host, request);
    const sdk::OrganizationInfo organization = formOrganization(request, viewer);
    const AdjustmentForm form = AdjustmentForm::read(
        [&](const std::string& name) { return request.form(name); }, _services.ledger.currency());
    if (form.errors.count("key"))
        throw sdk::HttpError(400, viewer.t("credits.lab.error.form"));
    LabFormsSent sent;
    sent.adjustment = &form;
    if (!form.ok())
        return _page.render(request, response, 422, viewer, organization, sent, "");
    try {
        _adjustments.adjust(organization.id, form.signedMinor(), form.reason, form.key,
                            sdk::Actor::of(request));
    } catch (const CreditRefusal& refusal) {
        // A removal beyond the balance: said beside the amount, with what was typed.
        AdjustmentForm refused = form;
        refused.errors["amount"] = refusal.key() == "credits.error.insufficient"
                                       ? "credits.lab.error.beyondBalance"
                                   : refusal.key() == "credits.error.tooLarge" ? "credits.error.tooLarge"
                                                                               : "credits.lab.error.refused";
        sent.adjustment = &refused;
        return _page.render(request, response, refusal.status(), viewer, organization, sent, "");
    }
    done(response, organization.id, "adjusted");
}

void LabAccountRoutes::discount(sdk::Request& request, sdk::Response& response)
{
    const LabViewer viewer(_services.host, request);
    const sdk::OrganizationInfo organization = formOrganization(request, viewer);
    LabFormsSent sent;
    sent.discountSent = true;
    sent.discount = request.form("discount");
    const auto basisPoints = parsePercent(sent.discount, CreditsSettings::kMaxDiscountBasisPoints);
    if (!basisPoints) {
        sent.discountError = viewer.t("credits.lab.error.discount");
        return _page.render(request, response, 422, viewer, organization, sent, "");
    }
    const bool changed = _adjustments.setDiscount(organization.id, *basisPoints, sdk::Actor::of(request));
    done(response, organization.id, changed ? "discount" : "discountUnchanged");
}

void LabAccountRoutes::giveBack(sdk::Request& request, sdk::Response& response)
{
    const LabViewer viewer(_services.host, request);
    const sdk::OrganizationInfo organization = formOrganization(request, viewer);
    LabFormsSent sent;
    sent.returnSent = true;
    sent.returnInvoice = request.form("invoiceId");
    sent.returnReason = request.form("reason");
    const std::int64_t invoiceId = idParameter(sent.returnInvoice);
    if (invoiceId == 0)
        sent.returnInvoiceError = viewer.t("credits.lab.error.invoice");
    if (sent.returnReason.find_first_not_of(" \t\r\n") == std::string::npos)
        sent.returnReasonError = viewer.t("credits.lab.error.reasonRequired");
    if (!sent.returnInvoiceError.empty() || !sent.returnReasonError.empty())
        return _page.render(request, response, 422, viewer, organization, sent, "");
    try {
        _services.debits.returnDebit(organization.id, invoiceId, sent.returnReason, sdk::Actor::of(request));
    } catch (const CreditRefusal& refusal) {
        // Another organization's invoice is as unknown as none: 404, and no word of it.
        if (refusal.status() == 404)
            throw sdk::HttpError(404, viewer.t("credits.lab.error.noDebit"));
        (refusal.key().find("reason") != std::string::npos ? sent.returnReasonError
                                                           : sent.returnInvoiceError) =
            viewer.refusal(refusal.key(), "credits.lab.error.refused");
        return _page.render(request, response, refusal.status(), viewer, organization, sent, "");
    }
    done(response, organization.id, "returned");
}

} // namespace molar::credits
