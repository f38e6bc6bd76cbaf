#include "web/InvoiceRoutes.h"

#include "invoices/InvoiceStore.h"
#include "web/InvoiceListFilter.h"

#include "molar/sdk/Errors.h"
#include "molar/sdk/Logger.h"
#include "molar/sdk/Payments.h"

#include <algorithm>
#include <map>

namespace molar::billing {

namespace {

constexpr int pageSize = 25;

bool endsWith(const std::string& text, const std::string& end)
{
    return text.size() >= end.size() && text.compare(text.size() - end.size(), end.size(), end) == 0;
}

std::string zoneOf(const sdk::Request& request, sdk::Host& host)
{
    const auto& principal = request.principal();
    return principal && !principal->timeZone.empty() ? principal->timeZone : host.timeZone();
}

} // namespace

InvoiceRoutes::InvoiceRoutes(sdk::Host& host, InvoiceService& invoices, const InvoicePageSettings& settings,
                             const Disputes& disputes)
    : _host(host), _invoices(invoices), _settings(settings), _disputes(disputes),
      _pdf(settings.pdfFont, settings.pdfBoldFont), _checkoutReturn(host), _refundForms(host), _handoff(host)
{
}

void InvoiceRoutes::registerRoutes(sdk::Routes& routes)
{
    routes.add("GET", clinicPath, sdk::Access::Clinic,
               [this](sdk::Request& request, sdk::Response& response) { list(request, response, false); });
    // Signed in, not Clinic: the invoice's address in events and on the case timeline is the
    // clinic's, and the lab's staff who follow it are sent to the lab's twin.
    routes.add("GET", std::string(clinicPath) + "/{id}", sdk::Access::SignedIn,
               [this](sdk::Request& request, sdk::Response& response) {
                   const auto& principal = request.principal();
                   if (principal && principal->side == "lab") {
                       std::string id = request.param("id");
                       const bool pdf = endsWith(id, ".pdf");
                       id = std::to_string(idFromText(pdf ? id.substr(0, id.size() - 4) : id));
                       return response.redirect(std::string(labPath) + "/" + id + (pdf ? ".pdf" : ""));
                   }
                   show(request, response, false);
               });
    sdk::RouteOptions form;
    form.maxBodyBytes = 4 * 1024;
    routes.add(
        "POST", std::string(clinicPath) + "/{id}/pay", sdk::Access::Clinic,
        [this](sdk::Request& request, sdk::Response& response) { pay(request, response); }, form);
    routes.add("GET", labPath, sdk::Access::Lab,
               [this](sdk::Request& request, sdk::Response& response) { list(request, response, true); });
    routes.add("GET", std::string(labPath) + "/{id}", sdk::Access::Lab,
               [this](sdk::Request& request, sdk::Response& response) { show(request, response, true); });
}

InvoiceView InvoiceRoutes::viewFor(const sdk::Request& request) const
{
    return viewFor(request, request.language());
}

InvoiceView InvoiceRoutes::viewFor(const sdk::Request& request, const std::string& language) const
{
    sdk::Locales& locales = _host.locales();
    return InvoiceView(
        _settings,
        [this, language](const std::string& key) { return _host.views().translate(key, language); },
        zoneOf(request, _host), locales.rightToLeft(language), &locales, language);
}

void InvoiceRoutes::requireLabBilling(const sdk::Request& request) const
{
    const auto& principal = request.principal();
    if (!principal || principal->side != "lab" ||
        (principal->role != "admin" && principal->role != "billing"))
        throw sdk::HttpError(
            403, _host.views().translate("billing.page.error.labBillingOnly", request.language()));
}

Invoice InvoiceRoutes::visible(const sdk::Request& request, std::int64_t id, bool lab)
{
    std::optional<Invoice> invoice;
    if (id != 0) {
        const auto& principal = request.principal();
        if (lab)
            invoice = _invoices.find(id);
        else if (principal && principal->side == "clinic")
            invoice = _invoices.find(id, principal->organizationId);
    }
    if (!invoice)
        throw sdk::HttpError(404, _host.views().translate("billing.page.error.notFound", request.language()));
    return *invoice;
}

InvoiceParties InvoiceRoutes::partiesOf(const Invoice& invoice)
{
    InvoiceParties parties;
    if (const auto organization = _host.accounts().organization(invoice.organizationId))
        parties.organizationName = organization->name;
    if (invoice.clinicId != 0) {
        if (const auto clinic = _host.accounts().clinic(invoice.clinicId))
            parties.clinicName = clinic->name;
    }
    return parties;
}

std::string InvoiceRoutes::providerName(const sdk::PaymentCapabilities& provider, const std::string& language)
{
    const std::string key = "payment.provider." + provider.name;
    const std::string translated = _host.views().translate(key, language);
    if (translated != key)
        return translated;
    return provider.displayName.empty() ? provider.name : provider.displayName;
}

PaymentDetails InvoiceRoutes::paymentDetails(const Invoice& invoice, const std::string& language)
{
    PaymentDetails details;
    details.reference = invoice.transferReference;
    std::map<std::string, sdk::PaymentFlow> flows;
    for (const auto& provider : _host.payments().providers())
        flows[provider.name] = provider.flow;
    const auto attempts = _host.payments().attemptsFor("invoice", std::to_string(invoice.id));
    for (auto attempt = attempts.rbegin(); attempt != attempts.rend(); ++attempt) {
        const auto flow = flows.find(attempt->provider);
        if (flow == flows.end() || flow->second != sdk::PaymentFlow::Offline)
            continue;
        if (!attempt->payerReference.empty())
            details.reference = attempt->payerReference;
        try {
            const auto provider = _host.payments().provider(attempt->provider);
            if (!provider)
                break;
            sdk::PaymentRequest ask;
            ask.idempotencyKey = attempt->id;
            ask.amount = attempt->amount;
            ask.reference = invoice.number;
            ask.customerId = std::to_string(invoice.organizationId);
            ask.language = language;
            details.instructions = provider->fetchPayment(ask, attempt->providerPaymentId).instructions;
        } catch (const std::exception& e) {
            // The page still shows the reference; the provider's words come back with it.
            _host.logger().warning("invoice " + std::to_string(invoice.id) + ": the payment provider '" +
                                   attempt->provider + "' did not say how to pay: " + e.what());
        }
        break;
    }
    return details;
}

void InvoiceRoutes::list(sdk::Request& request, sdk::Response& response, bool lab)
{
    if (lab)
        requireLabBilling(request);
    const InvoiceView view = viewFor(request);
    const std::string stateText = request.query("state");
    const InvoiceListFilter filter =
        InvoiceListFilter::read(stateText, request.query("before"), request.query("organization"), lab);
    if (!filter.error.empty())
        throw sdk::HttpError(400, view.t(filter.error));
    InvoiceQuery query = filter.query;
    query.limit = pageSize;

    const InvoicePage page =
        lab ? _invoices.list(query) : _invoices.listFor(InvoiceCaller::of(request), query);

    std::map<std::int64_t, std::string> organizations;
    sdk::Value organizationOptions = sdk::Value::array();
    if (lab) {
        for (const auto& organization : _host.accounts().organizations("")) {
            organizations[organization.id] = organization.name;
            organizationOptions.push(
                sdk::Value::object({{"value", std::to_string(organization.id)},
                                    {"name", organization.name},
                                    {"selected", organization.id == query.organizationId}}));
        }
    }
    const std::string base = lab ? labPath : clinicPath;
    sdk::Value rows = sdk::Value::array();
    for (const Invoice& invoice : page.invoices) {
        const auto name = organizations.find(invoice.organizationId);
        rows.push(view.row(invoice, name == organizations.end() ? std::string() : name->second,
                           base + "/" + std::to_string(invoice.id)));
    }
    sdk::Value states = sdk::Value::array();
    for (const InvoiceState state : filterStates(lab))
        states.push(sdk::Value::object({{"value", stateCode(state)},
                                        {"label", view.state(state)},
                                        {"selected", stateText == stateCode(state)}}));

    sdk::Value data = sdk::Value::object();
    data.set("lab", lab);
    data.set("action", base);
    data.set("states", states);
    data.set("organizations", organizationOptions);
    data.set("rows", rows);
    data.set("hasRows", rows.size() > 0);
    data.set("filtered", !query.states.empty() || query.organizationId != 0 || query.beforeId != 0);
    if (page.nextBeforeId != 0) {
        data.set("nextHref", base + filter.nextQuery(page.nextBeforeId));
    }
    if (lab)
        data.set("dashboardHref", "/lab/billing");
    _host.views().page(request, response, "billing/invoices",
                       lab ? "billing.page.labInvoices.title" : "billing.page.invoices.title", data);
}

void InvoiceRoutes::show(sdk::Request& request, sdk::Response& response, bool lab)
{
    if (lab)
        requireLabBilling(request);
    std::string idText = request.param("id");
    const bool pdf = endsWith(idText, ".pdf");
    if (pdf)
        idText.resize(idText.size() - 4);
    Invoice invoice = visible(request, idFromText(idText), lab);
    if (pdf)
        return sendPdf(request, response, invoice);
    // The payer back from a provider's page: what the provider says now, before its webhook.
    if (!lab && !request.query(CheckoutReturn::kParameter).empty() && _checkoutReturn.refresh(invoice))
        invoice = visible(request, invoice.id, lab);
    render(request, response, invoice, lab);
}

void InvoiceRoutes::render(sdk::Request& request, sdk::Response& response, const Invoice& invoice, bool lab,
                           const RefundEntry* entered)
{
    const InvoiceView view = viewFor(request);
    const std::string base = (lab ? labPath : clinicPath) + std::string("/") + std::to_string(invoice.id);
    const PaymentDetails details = paymentDetails(invoice, request.language());
    sdk::Value data = view.page(invoice, partiesOf(invoice), _invoices.payments(invoice.id), details);
    // Payments name their provider as the payer knows it ("Bank transfer"), while it is offered,
    // in the reader's words when the provider's plugin ships payment.provider.<name>.
    std::map<std::string, std::string> providerNames;
    for (const auto& provider : _host.payments().providers())
        providerNames[provider.name] = providerName(provider, request.language());
    for (sdk::Value& received : data["payments"].asArray()) {
        const auto name = providerNames.find(received.getString("provider"));
        if (name != providerNames.end() && !name->second.empty())
            received.set("provider", name->second);
    }
    data.set("pdfHref", base + ".pdf");
    data.set("backHref", lab ? labPath : clinicPath);
    data.set("lab", lab);
    // The lab voids anything not yet paid or void (LabInvoiceActions); a draft is edited on its own
    // page. A credits draft neither: the credits plugin pays it, its case's cancellation voids it.
    const bool creditsDraft = lab && invoice.state == InvoiceState::Draft &&
                              InvoiceService::isCreditsDraft(_host.database(), invoice.id);
    data.set("creditsDraft", creditsDraft);
    if (lab && !creditsDraft && invoice.state != InvoiceState::Paid && invoice.state != InvoiceState::Void) {
        data.set("canVoid", true);
        data.set("voidAction", base + "/void");
        if (invoice.state == InvoiceState::Draft)
            data.set("draftHref", base + "/draft");
    }
    // The lab's page tells of each dispute of a payment of this invoice (a chargeback).
    sdk::Value disputes = sdk::Value::array();
    if (lab) {
        for (const Dispute& d : _disputes.forInvoice(_host.database(), invoice.id)) {
            const auto name = providerNames.find(d.provider);
            const std::vector<std::pair<std::string, std::string>> values{
                {"amount", view.amount(d.amountMinor, d.currency)},
                {"provider",
                 name != providerNames.end() && !name->second.empty() ? name->second : d.provider},
                {"opened", view.day(d.openedAt)},
                {"closed", view.day(d.closedAt)}};
            disputes.push(sdk::Value::object({{"notice", view.t("billing.dispute.notice." + d.state, values)},
                                              {"disputesHref", "/lab/billing/disputes"}}));
        }
    }
    data.set("disputes", disputes);
    // Refunds are the lab's: a form per payment taken online.
    sdk::Value refunds = lab ? _refundForms.forms(invoice, view, providerNames, base + "/refunds", entered)
                             : sdk::Value::array();
    data.set("refunds", refunds);
    data.set("hasRefunds", refunds.size() > 0);
    const std::string refunded = request.query("refund");
    if (lab && (refunded == "done" || refunded == "pending"))
        data.set("refundNotice", view.t("billing.refund.notice." + refunded));
    // Why the latest online payment did not go through, in the provider's words.
    data.set("paymentFailure", isOpen(invoice.state)
                                   ? _checkoutReturn.latestFailure(invoice, request.language())
                                   : std::string());

    // Paying is the clinic's: every provider the host offers, each a button that starts
    // a payment; an offline one (bank transfer) that already said how shows that instead.
    sdk::Value providers = sdk::Value::array();
    if (!lab && invoice.balanceMinor() > 0 && isOpen(invoice.state)) {
        for (const auto& provider : _host.payments().providers()) {
            if (!provider.currencies.empty() &&
                std::find(provider.currencies.begin(), provider.currencies.end(), invoice.currency) ==
                    provider.currencies.end())
                continue;
            const bool offline = provider.flow == sdk::PaymentFlow::Offline;
            if (offline && !details.instructions.empty())
                continue;
            providers.push(sdk::Value::object({{"name", provider.name},
                                               {"displayName", providerNames[provider.name]},
                                               {"offline", offline},
                                               {"action", base + "/pay"}}));
        }
    }
    data.set("canPay", !lab && invoice.balanceMinor() > 0 && isOpen(invoice.state));
    data.set("providers", providers);
    data.set("hasProviders", providers.size() > 0);
    data.set("csrf", request.csrfToken());
    _host.views().page(request, response, "billing/invoice", "billing.page.invoice.title", data);
}

void InvoiceRoutes::sendPdf(sdk::Request& request, sdk::Response& response, const Invoice& invoice)
{
    const InvoiceView view = viewFor(request);
    std::string bytes;
    try {
        bool allDrawn = true;
        bytes = _pdf.render(
            view.document(invoice, partiesOf(invoice), paymentDetails(invoice, request.language())),
            &allDrawn);
        // A language the PDF's fonts have no letters for (Hindi, Malayalam, Tamil, Bengali or
        // Chinese with DejaVu Sans): the document in English rather than empty boxes. The
        // page itself stays in the reader's language.
        if (!allDrawn && request.language() != "en") {
            const InvoiceView english = viewFor(request, "en");
            bytes = _pdf.render(english.document(invoice, partiesOf(invoice), paymentDetails(invoice, "en")));
        }
    } catch (const InvoicePdfError& e) {
        _host.logger().error(e.what());
        throw sdk::HttpError(500, view.t("billing.page.error.pdf"));
    }
    const std::string name =
        invoice.number.empty() ? "invoice-" + std::to_string(invoice.id) : invoice.number;
    response.setHeader("Content-Disposition", "attachment; filename=\"" + name + ".pdf\"");
    response.send("application/pdf", bytes);
}

void InvoiceRoutes::pay(sdk::Request& request, sdk::Response& response)
{
    const InvoiceView view = viewFor(request);
    const Invoice invoice = visible(request, idFromText(request.param("id")), false);
    const std::string page = std::string(clinicPath) + "/" + std::to_string(invoice.id);
    if (!isOpen(invoice.state) || invoice.balanceMinor() <= 0)
        throw sdk::HttpError(409, view.t("billing.page.error.nothingToPay"));

    const std::string name = request.form("provider");
    std::optional<sdk::PaymentCapabilities> chosen;
    for (const auto& provider : _host.payments().providers())
        if (provider.name == name)
            chosen = provider;
    if (!chosen)
        throw sdk::HttpError(400, view.t("billing.page.error.provider"));

    const sdk::Money amount{invoice.balanceMinor(), invoice.currency};
    std::string attemptId;
    sdk::PaymentResult result;
    try {
        // A payer who asks again for the same amount gets the same attempt (the same transfer
        // reference), not a second one. The invoice's row, locked, makes asks at once (a double
        // click, two people of the clinic) wait for each other, so the later one finds it.
        _host.database().transaction([&](sdk::Transaction& tx) {
            InvoiceStore::loadForUpdate(tx, invoice.id);
            for (const auto& attempt : _host.payments().attemptsFor("invoice", std::to_string(invoice.id)))
                if (attempt.provider == name && attempt.state == sdk::PaymentState::Pending &&
                    attempt.amount.minor == amount.minor && attempt.amount.currency == amount.currency)
                    attemptId = attempt.id;
            if (!attemptId.empty())
                return;
            sdk::PaymentPurpose purpose;
            purpose.kind = "invoice";
            purpose.id = std::to_string(invoice.id);
            purpose.organizationId = invoice.organizationId;
            purpose.reference = invoice.number;
            purpose.description = "Invoice " + invoice.number;
            attemptId = _host.payments().begin(tx, purpose, name, amount).id;
        });
        // Back to the invoice either way; ?checkout= has the page ask the provider at once.
        const std::string back = _host.publicUrl() + page + "?" + CheckoutReturn::kParameter + "=";
        result = _host.payments().checkout(attemptId, back + "done", back + "cancelled");
    } catch (const std::invalid_argument& e) {
        _host.logger().warning("invoice " + std::to_string(invoice.id) + ": payment with '" + name +
                               "' refused: " + e.what());
        throw sdk::HttpError(409, view.t("billing.page.error.payment"));
    } catch (const sdk::PermanentError& e) {
        _host.logger().error("invoice " + std::to_string(invoice.id) + ": payment provider '" + name +
                             "' is misconfigured: " + e.what());
        throw sdk::HttpError(502, view.t("billing.page.error.providerFailed"));
    } catch (const sdk::PaymentUnsupported& e) {
        _host.logger().error("invoice " + std::to_string(invoice.id) + ": payment provider '" + name +
                             "' cannot check out: " + e.what());
        throw sdk::HttpError(502, view.t("billing.page.error.providerFailed"));
    }
    if (!result.payerReference.empty() && result.payerReference != invoice.transferReference)
        _host.database().transaction([&](sdk::Transaction& tx) {
            _invoices.setTransferReference(tx, invoice.id, result.payerReference);
        });
    // The provider's own page (Stripe Checkout) is on another origin: a page that continues
    // there, since a form's POST answered by a redirect to another origin is blocked.
    if (ProviderHandoff::isAbsolute(result.redirectUrl))
        return _handoff.send(request, response, result.redirectUrl,
                             providerName(*chosen, request.language()));
    response.redirect(page + "#pay");
}

} // namespace molar::billing
