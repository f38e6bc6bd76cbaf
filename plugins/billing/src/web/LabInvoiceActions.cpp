#include "web/LabInvoiceActions.h"

#include "molar/sdk/Errors.h"
#include "molar/sdk/Money.h"

#include <chrono>

namespace molar::billing {

namespace {

const char* const kLabPath = "/lab/billing/invoices";
const char* const kCreditsDraft = "billing.invoice.error.creditsDraft";
constexpr std::int64_t kDayMillis = 24LL * 60 * 60 * 1000;

// Digits only, at most 18: an id; 0 for anything else.
std::int64_t idFrom(const std::string& text)
{
    if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
        return 0;
    return std::stoll(text);
}

std::string draftPath(std::int64_t id)
{
    return std::string(kLabPath) + "/" + std::to_string(id) + "/draft";
}

// The adjustments the clerk may add, as the form offers them.
const std::vector<LineKind>& adjustmentKinds()
{
    static const std::vector<LineKind> kinds{LineKind::RemakeCredit, LineKind::ExpediteFee,
                                             LineKind::ManualCredit};
    return kinds;
}

sdk::Value errorsValue(const std::map<std::string, std::string>& errors)
{
    sdk::Value out = sdk::Value::object();
    for (const auto& [field, message] : errors)
        out.set(field, message);
    return out;
}

} // namespace

void LabInvoiceActions::registerRoutes(sdk::Routes& routes)
{
    sdk::RouteOptions form;
    form.maxBodyBytes = 8 * 1024;
    const std::string invoice = std::string(kLabPath) + "/{id}";
    routes.add("GET", newPath, sdk::Access::Lab,
               [this](sdk::Request& request, sdk::Response& response) { chooseForm(request, response); });
    routes.add(
        "POST", newPath, sdk::Access::Lab,
        [this](sdk::Request& request, sdk::Response& response) { create(request, response); }, form);
    routes.add("GET", invoice + "/draft", sdk::Access::Lab,
               [this](sdk::Request& request, sdk::Response& response) { showDraft(request, response); });
    routes.add(
        "POST", invoice + "/draft/adjustments", sdk::Access::Lab,
        [this](sdk::Request& request, sdk::Response& response) { addAdjustment(request, response); }, form);
    routes.add(
        "POST", invoice + "/draft/lines/{lineId}/remove", sdk::Access::Lab,
        [this](sdk::Request& request, sdk::Response& response) { removeLine(request, response); }, form);
    routes.add(
        "POST", invoice + "/draft/issue", sdk::Access::Lab,
        [this](sdk::Request& request, sdk::Response& response) { issue(request, response); }, form);
    routes.add(
        "POST", invoice + "/void", sdk::Access::Lab,
        [this](sdk::Request& request, sdk::Response& response) { voidInvoice(request, response); }, form);
}

std::string LabInvoiceActions::t(const sdk::Request& request, const std::string& key) const
{
    return _host.views().translate(key, request.language());
}

std::string LabInvoiceActions::catalogCurrency()
{
    for (const auto& item : _host.catalog())
        if (!item.currency.empty())
            return item.currency;
    return std::string();
}

std::int64_t LabInvoiceActions::dueAt(std::int64_t organizationId)
{
    const BillingAccount account = _accounts.accountOf(_host.database(), organizationId);
    if (account.mode != "net_terms" && account.mode != "monthly")
        return 0; // due at issue
    const std::int64_t now =
        std::chrono::duration_cast<std::chrono::milliseconds>(_host.clock().now().time_since_epoch()).count();
    return now + account.netTermsDays * kDayMillis;
}

Invoice LabInvoiceActions::draftOf(const sdk::Request& request)
{
    const auto invoice = _invoices.find(idFrom(request.param("id")));
    if (!invoice || invoice->state != InvoiceState::Draft)
        throw sdk::HttpError(404, t(request, "billing.actions.error.noDraft"));
    return *invoice;
}

// ---- a new draft

void LabInvoiceActions::chooseForm(sdk::Request& request, sdk::Response& response, const Errors& errors)
{
    _pages.requireLabBilling(request);
    const std::string chosen = request.form("organization");
    sdk::Value options = sdk::Value::array();
    for (const auto& organization : _host.accounts().organizations("")) {
        const std::string value = std::to_string(organization.id);
        options.push(sdk::Value::object(
            {{"value", value}, {"name", organization.name}, {"selected", value == chosen}}));
    }
    sdk::Value data = sdk::Value::object();
    data.set("choosing", true);
    data.set("action", newPath);
    data.set("backHref", kLabPath);
    data.set("organizations", options);
    data.set("errors", errorsValue(errors));
    data.set("csrf", request.csrfToken());
    _host.views().page(request, response, "billing/invoice-draft", "billing.actions.new.title", data);
}

void LabInvoiceActions::create(sdk::Request& request, sdk::Response& response)
{
    _pages.requireLabBilling(request);
    const std::int64_t organizationId = idFrom(request.form("organization"));
    Errors errors;
    const std::string currency = catalogCurrency();
    if (organizationId == 0 || !_host.accounts().organization(organizationId))
        errors["organization"] = t(request, "billing.actions.error.organization");
    else if (currency.empty())
        errors["organization"] = t(request, "billing.actions.error.noCurrency");
    if (errors.empty()) {
        try {
            DraftRequest draft;
            draft.organizationId = organizationId;
            draft.currency = currency;
            const Invoice made = _invoices.createDraft(InvoiceCaller::of(request), draft);
            return response.redirect(draftPath(made.id));
        } catch (const InvoiceRefusal& e) {
            if (e.status() == 403)
                throw sdk::HttpError(403, t(request, e.key()));
            errors["organization"] = t(request, e.key());
        }
    }
    response.setStatus(400);
    chooseForm(request, response, errors);
}

// ---- the draft's page

void LabInvoiceActions::showDraft(sdk::Request& request, sdk::Response& response)
{
    _pages.requireLabBilling(request);
    draftPage(request, response, draftOf(request));
}

void LabInvoiceActions::draftPage(sdk::Request& request, sdk::Response& response, const Invoice& draft,
                                  const Errors& errors, bool keepTyped)
{
    const InvoiceView view = _pages.viewFor(request);
    const std::string base = draftPath(draft.id);
    sdk::Value lines = sdk::Value::array();
    for (const InvoiceLine& line : draft.lines)
        lines.push(
            sdk::Value::object({{"description", view.describe(line)},
                                {"amount", sdk::formatMinorUnits(line.amountMinor, draft.currency)},
                                {"removeAction", base + "/lines/" + std::to_string(line.id) + "/remove"}}));
    sdk::Value totals = sdk::Value::array();
    for (const InvoiceDocumentTotal& total : view.totals(draft))
        totals.push(sdk::Value::object({{"label", total.label}, {"amount", total.amount}}));

    const std::string typedKind = keepTyped ? request.form("kind") : std::string();
    sdk::Value kinds = sdk::Value::array();
    for (const LineKind kind : adjustmentKinds())
        kinds.push(sdk::Value::object({{"value", lineKindCode(kind)},
                                       {"label", t(request, "billing.invoice.line." + lineKindCode(kind))},
                                       {"selected", typedKind == lineKindCode(kind)}}));

    std::string organizationName;
    if (const auto organization = _host.accounts().organization(draft.organizationId))
        organizationName = organization->name;
    const BillingAccount account = _accounts.accountOf(_host.database(), draft.organizationId);
    const bool hasTerms = account.mode == "net_terms" || account.mode == "monthly";

    sdk::Value data = sdk::Value::object();
    data.set("drafting", true);
    // A credits draft is read-only: the sentence instead of the forms.
    const bool credits = InvoiceService::isCreditsDraft(_host.database(), draft.id);
    data.set("editable", !credits);
    data.set("creditsDraft", credits);
    data.set("organization", organizationName);
    data.set("currency", draft.currency);
    data.set("lines", lines);
    data.set("hasLines", lines.size() > 0);
    data.set("totals", totals);
    data.set("kinds", kinds);
    data.set("amount", keepTyped ? request.form("amount") : std::string());
    data.set("reason", keepTyped ? request.form("reason") : std::string());
    data.set("adjustAction", base + "/adjustments");
    data.set("issueAction", base + "/issue");
    data.set("due", hasTerms ? view.t("billing.actions.issue.dueIn",
                                      {{"days", std::to_string(account.netTermsDays)}})
                             : t(request, "billing.actions.issue.dueNow"));
    data.set("backHref", std::string(kLabPath) + "/" + std::to_string(draft.id));
    data.set("errors", errorsValue(errors));
    data.set("csrf", request.csrfToken());
    _host.views().page(request, response, "billing/invoice-draft", "billing.actions.draft.title", data);
}

void LabInvoiceActions::addAdjustment(sdk::Request& request, sdk::Response& response)
{
    _pages.requireLabBilling(request);
    const Invoice draft = draftOf(request);
    if (refusedAsCreditsDraft(request, response, draft))
        return;
    Errors errors;
    const auto kind = lineKindFromCode(request.form("kind"));
    if (!kind || *kind == LineKind::Item)
        errors["kind"] = t(request, "billing.invoice.error.kind");
    // The clerk types what the line is worth; the kind says which way it goes.
    const auto typed = sdk::parseMinorUnits(request.form("amount"), draft.currency);
    if (!typed || *typed <= 0)
        errors["amount"] = _pages.viewFor(request).t(
            "billing.actions.error.amount",
            {{"currency", draft.currency}, {"example", sdk::formatMinorUnits(15000, draft.currency)}});
    const std::string reason = request.form("reason");
    if (reason.find_first_not_of(" \t\r\n") == std::string::npos || reason.size() > 500)
        errors["reason"] = t(request, "billing.invoice.error.reason");
    if (errors.empty()) {
        AdjustmentRequest adjustment;
        adjustment.kind = *kind;
        adjustment.amountMinor = *kind == LineKind::ExpediteFee ? *typed : -*typed;
        adjustment.reason = reason;
        try {
            _invoices.addAdjustment(InvoiceCaller::of(request), draft.id, adjustment);
            return response.redirect(draftPath(draft.id) + "#lines");
        } catch (const InvoiceRefusal& e) {
            if (e.status() == 403 || e.status() == 404 || e.key() == "billing.invoice.error.notDraft")
                throw sdk::HttpError(e.status(), t(request, e.key()));
            if (e.key() == kCreditsDraft)
                return refuse(request, response, draft);
            errors[e.key() == "billing.invoice.error.reason" ? "reason" : "amount"] = t(request, e.key());
        }
    }
    response.setStatus(400);
    draftPage(request, response, draft, errors, true);
}

void LabInvoiceActions::removeLine(sdk::Request& request, sdk::Response& response)
{
    _pages.requireLabBilling(request);
    const Invoice draft = draftOf(request);
    if (refusedAsCreditsDraft(request, response, draft))
        return;
    try {
        _invoices.removeLine(InvoiceCaller::of(request), draft.id, idFrom(request.param("lineId")));
    } catch (const InvoiceRefusal& e) {
        if (e.key() == kCreditsDraft)
            return refuse(request, response, draft);
        throw sdk::HttpError(e.status(), t(request, e.key()));
    }
    response.redirect(draftPath(draft.id) + "#lines");
}

void LabInvoiceActions::issue(sdk::Request& request, sdk::Response& response)
{
    _pages.requireLabBilling(request);
    const Invoice draft = draftOf(request);
    if (refusedAsCreditsDraft(request, response, draft))
        return;
    try {
        _invoices.issue(InvoiceCaller::of(request), draft.id, dueAt(draft.organizationId));
        return response.redirect(std::string(kLabPath) + "/" + std::to_string(draft.id));
    } catch (const InvoiceRefusal& e) {
        if (e.key() == kCreditsDraft)
            return refuse(request, response, draft);
        if (e.status() == 403 || e.status() == 404 || e.key() == "billing.invoice.error.notDraft")
            throw sdk::HttpError(e.status(), t(request, e.key()));
        response.setStatus(e.status());
        draftPage(request, response, draft, {{"issue", t(request, e.key())}});
    }
}

// ---- credits drafts

bool LabInvoiceActions::refusedAsCreditsDraft(sdk::Request& request, sdk::Response& response,
                                              const Invoice& draft)
{
    if (!InvoiceService::isCreditsDraft(_host.database(), draft.id))
        return false;
    refuse(request, response, draft);
    return true;
}

void LabInvoiceActions::refuse(sdk::Request& request, sdk::Response& response, const Invoice& draft)
{
    response.setStatus(409);
    draftPage(request, response, draft);
}

// ---- void

void LabInvoiceActions::voidInvoice(sdk::Request& request, sdk::Response& response)
{
    _pages.requireLabBilling(request);
    const auto invoice = _invoices.find(idFrom(request.param("id")));
    if (!invoice)
        throw sdk::HttpError(404, t(request, "billing.page.error.notFound"));
    const std::string page = std::string(kLabPath) + "/" + std::to_string(invoice->id);
    const std::string reason = request.form("reason");
    std::string error;
    int status = 400;
    if (InvoiceService::isCreditsDraft(_host.database(), invoice->id)) {
        status = 409; // voided only by its case's cancellation
        error = t(request, kCreditsDraft);
    } else if (reason.find_first_not_of(" \t\r\n") == std::string::npos || reason.size() > 500) {
        error = t(request, "billing.invoice.error.reason");
    } else {
        try {
            _invoices.voidInvoice(InvoiceCaller::of(request), invoice->id, reason);
            return response.redirect(page);
        } catch (const InvoiceRefusal& e) {
            if (e.status() == 403 || e.status() == 404)
                throw sdk::HttpError(e.status(), t(request, e.key()));
            status = e.status();
            error = t(request, e.key());
        }
    }
    // The form again, the refusal beside the reason and the reason as typed.
    sdk::Value data = sdk::Value::object();
    data.set("voiding", true);
    data.set("number", invoice->number.empty() ? t(request, "billing.page.draft") : invoice->number);
    data.set("voidAction", page + "/void");
    data.set("reason", reason);
    data.set("errors", errorsValue({{"reason", error}}));
    data.set("backHref", page);
    data.set("csrf", request.csrfToken());
    response.setStatus(status);
    _host.views().page(request, response, "billing/invoice-draft", "billing.actions.void.title", data);
}

} // namespace molar::billing
