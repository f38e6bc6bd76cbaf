#include "cards/CardChargesReports.h"

#include "molar/sdk/Money.h"
#include "molar/sdk/Notifications.h"

namespace molar::billing {

std::string CardChargesReports::failureCodeOf(sdk::PaymentState state, const std::string& failureCode)
{
    if (!failureCode.empty())
        return failureCode;
    if (state == sdk::PaymentState::RequiresAction)
        return "authentication_required";
    return state == sdk::PaymentState::Canceled ? "canceled" : "generic";
}

std::string CardChargesReports::wordedFailure(const std::string& failureCode)
{
    if (failureCode.empty())
        return "generic";
    // The catalogs of every plugin are merged: a provider's codes come with its plugin.
    const std::string key = "payment.failure." + failureCode;
    return _context.host.views().translate(key, "en") == key ? std::string("generic") : failureCode;
}

void CardChargesReports::timeline(sdk::Transaction& tx, const CardCharge& charge, const std::string& what,
                                  const sdk::Money& amount, const Invoice* invoice)
{
    sdk::Value fields = sdk::Value::object({{"amount", sdk::messageAmount(amount)}});
    if (invoice)
        fields.set("number", invoice->number);
    sdk::Value payload = sdk::Value::object({{"caseId", charge.caseId},
                                             {"kind", "payment"},
                                             {"summaryKey", "billing.card.activity." + what},
                                             {"summaryFields", fields},
                                             {"actor", sdk::Actor::system("billing " + charge.mode).label}});
    // The clinic sees an invoice once issued: a draft's page would be a 404.
    if (invoice && invoice->state != InvoiceState::Draft)
        payload.set("link", invoice->path());
    _context.host.events().publish(tx, "case.activity", payload);
}

void CardChargesReports::failed(sdk::Transaction& tx, const CardCharge& charge, const Invoice& invoice,
                                const std::string& stage)
{
    sdk::Value payload = _context.invoices.eventPayload(invoice);
    payload.set("caseId", charge.caseId);
    payload.set("caseNumber", charge.caseNumber);
    payload.set("casePath", "/cases/" + std::to_string(charge.caseId));
    payload.set("stage", stage);
    payload.set("failureCode", charge.failureCode);
    payload.set("paymentFailure", wordedFailure(charge.failureCode));
    const bool autopay = charge.mode == "autopay";
    _context.host.events().publish(tx, autopay ? "invoice.autopay_failed" : "invoice.prepay_failed", payload);
    _context.host.logger().log(sdk::LogLevel::Warning, "billing: " + charge.mode + " " + stage + " of case " +
                                                           charge.caseNumber + " failed (" +
                                                           charge.failureCode + "); invoice " +
                                                           invoice.number + " is left to pay by hand");
    const std::string what = autopay              ? "chargeFailed"
                             : stage == "renewal" ? "renewFailed"
                             : stage == "capture" ? "captureFailed"
                                                  : "holdFailed";
    timeline(tx, charge, what, {invoice.totalMinor, invoice.currency}, &invoice);
}

} // namespace molar::billing
