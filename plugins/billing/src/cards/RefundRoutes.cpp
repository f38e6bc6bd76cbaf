#include "cards/RefundRoutes.h"

#include "molar/sdk/Errors.h"
#include "molar/sdk/Money.h"

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

} // namespace

void RefundRoutes::registerRoutes(sdk::Routes& routes)
{
    sdk::RouteOptions form;
    form.maxBodyBytes = 4 * 1024;
    routes.add(
        "POST", std::string(InvoiceRoutes::labPath) + "/{id}/refunds", sdk::Access::Lab,
        [this](sdk::Request& request, sdk::Response& response) { refund(request, response); }, form);
}

std::string RefundRoutes::t(const sdk::Request& request, const std::string& key) const
{
    return _host.views().translate(key, request.language());
}

void RefundRoutes::refund(sdk::Request& request, sdk::Response& response)
{
    _pages.requireLabBilling(request);
    const auto invoice = _invoices.find(idFrom(request.param("id")));
    if (!invoice)
        throw sdk::HttpError(404, t(request, "billing.page.error.notFound"));
    const std::string page = std::string(InvoiceRoutes::labPath) + "/" + std::to_string(invoice->id);

    // The payment must be one of this invoice's.
    const std::string attemptId = request.form("attempt");
    std::optional<sdk::PaymentAttempt> attempt;
    if (!attemptId.empty() && attemptId.size() <= 128)
        attempt = _host.payments().attempt(attemptId);
    if (!attempt || attempt->purpose.kind != "invoice" || attempt->purpose.id != std::to_string(invoice->id))
        throw sdk::HttpError(404, t(request, "billing.refund.error.noPayment"));

    const InvoiceView view = _pages.viewFor(request);
    const std::string& currency = attempt->amount.currency;
    RefundEntry entered{attempt->id, request.form("amount"), ""};
    const auto refusal = [&](int status, const std::string& error) {
        entered.error = error;
        response.setStatus(status);
        _pages.render(request, response, *invoice, true, &entered);
    };
    const std::string atMost = view.t("billing.refund.error.tooMuch",
                                      {{"amount", view.amount(RefundForms::refundable(*attempt), currency)}});

    const std::string refundKey = request.form("refundKey");
    if (!RefundForms::isRefundKey(refundKey))
        return refusal(400, t(request, "billing.refund.error.form"));
    std::optional<std::int64_t> amount;
    try {
        amount = sdk::parseMinorUnits(entered.amount, currency);
    } catch (const std::invalid_argument&) {
        amount.reset();
    }
    if (!amount || *amount <= 0)
        return refusal(400,
                       view.t("billing.refund.error.amount",
                              {{"currency", currency}, {"example", sdk::formatMinorUnits(12000, currency)}}));
    // Beyond everything captured can never be; the rest (less refunds, pending ones too) is
    // the payment service's to say, so that the form sent again with its key is one refund.
    if (*amount > attempt->capturedMinor)
        return refusal(400, atMost);

    sdk::RefundResult result;
    try {
        result = _host.payments().refund(attempt->id, *amount, refundKey, sdk::Actor::of(request));
    } catch (const sdk::PaymentUnsupported& e) {
        _host.logger().warning("invoice " + std::to_string(invoice->id) + ": refund refused by '" +
                               attempt->provider + "': " + e.what());
        return refusal(400, t(request, "billing.refund.error.partial"));
    } catch (const std::invalid_argument& e) {
        _host.logger().warning("invoice " + std::to_string(invoice->id) + ": refund of attempt " +
                               attempt->id + " refused: " + e.what());
        return refusal(409, t(request, "billing.refund.error.notRefundable"));
    } catch (const std::exception& e) {
        _host.logger().error("invoice " + std::to_string(invoice->id) + ": refund with '" +
                             attempt->provider + "' failed: " + e.what());
        return refusal(502, t(request, "billing.refund.error.provider"));
    }
    switch (result.state) {
    case sdk::PaymentState::Succeeded:
        return response.redirect(page + "?refund=done#invoice-payments-heading");
    case sdk::PaymentState::Failed:
        if (result.failureCode == "exceeds_capture")
            return refusal(400, atMost);
        _host.logger().warning("invoice " + std::to_string(invoice->id) + ": '" + attempt->provider +
                               "' declined a refund: " + result.failureCode);
        return refusal(409, t(request, "billing.refund.error.declined"));
    default:
        // Pending at the provider, or its answer lost (settled by the re-sync): said as pending.
        return response.redirect(page + "?refund=pending#invoice-payments-heading");
    }
}

} // namespace molar::billing
