#include "ExampleProvider.h"

#include "WebhookSignature.h"

#include "molar/sdk/Errors.h"

#include <map>
#include <sstream>

using namespace molar::sdk;

namespace {

PaymentState stateOf(const GatewayPayment& payment)
{
    if (payment.status == "authorized")
        return PaymentState::Authorized;
    if (payment.status == "succeeded")
        return PaymentState::Succeeded;
    if (payment.status == "failed")
        return PaymentState::Failed;
    if (payment.status == "canceled")
        return PaymentState::Canceled;
    return PaymentState::Pending;
}

PaymentResult resultOf(const GatewayPayment& payment)
{
    PaymentResult result;
    result.state = stateOf(payment);
    result.providerPaymentId = payment.id;
    result.amount = payment.amount;
    result.capturedMinor = payment.capturedMinor;
    result.refundedMinor = payment.refundedMinor;
    result.failureCode = payment.declineCode;
    if (!payment.declineCode.empty() && result.state != PaymentState::Failed)
        result.state = PaymentState::Failed; // this call was declined; the payment itself is unchanged
    return result;
}

// The answer was lost after the gateway may have acted: the host settles it later.
PaymentResult unknown(const PaymentRequest& request)
{
    PaymentResult result;
    result.state = PaymentState::Unknown;
    result.amount = request.amount;
    result.failureCode = "timeout";
    result.detail = "the gateway did not answer in time";
    return result;
}

// A request the gateway can never accept: retrying cannot help.
void checkRequest(const PaymentRequest& request, bool needsAmount = true)
{
    if (request.idempotencyKey.empty())
        throw PermanentError("pay-example: a request without an idempotency key");
    if (!needsAmount)
        return;
    if (request.amount.minor <= 0)
        throw PermanentError("pay-example: an amount must be positive");
    try {
        currencyMinorDigits(request.amount.currency);
    } catch (const std::invalid_argument& e) {
        throw PermanentError(std::string("pay-example: ") + e.what());
    }
}

template <typename Call> PaymentResult orUnknown(const PaymentRequest& request, Call call)
{
    try {
        return call();
    } catch (const GatewayTimeout&) {
        return unknown(request);
    } catch (const std::invalid_argument& e) {
        throw PermanentError(std::string("pay-example: ") + e.what());
    }
}

// "name=value" lines; nothing when a line is not one.
std::optional<std::map<std::string, std::string>> fieldsOf(const std::string& body)
{
    std::map<std::string, std::string> fields;
    std::istringstream lines(body);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.empty())
            continue;
        const auto equals = line.find('=');
        if (equals == std::string::npos || equals == 0)
            return std::nullopt;
        fields[line.substr(0, equals)] = line.substr(equals + 1);
    }
    return fields;
}

std::int64_t number(const std::map<std::string, std::string>& fields, const std::string& name)
{
    auto found = fields.find(name);
    if (found == fields.end())
        return 0;
    const std::string& text = found->second;
    if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
        throw WebhookRefused("webhook field '" + name + "' is not a number");
    return std::stoll(text);
}

std::string field(const std::map<std::string, std::string>& fields, const std::string& name)
{
    auto found = fields.find(name);
    return found == fields.end() ? std::string() : found->second;
}

} // namespace

ExampleProvider::ExampleProvider(std::shared_ptr<SimulatedGateway> gateway, std::string webhookSecret,
                                 std::int64_t toleranceMillis)
    : _gateway(std::move(gateway)), _secret(std::move(webhookSecret)), _toleranceMillis(toleranceMillis)
{
}

PaymentCapabilities ExampleProvider::capabilities() const
{
    PaymentCapabilities caps;
    caps.name = name;
    caps.displayName = "Example card (sandbox)";
    caps.flow = PaymentFlow::HostedCheckout;
    caps.authorizeCapture = true;
    caps.savedMethods = true;
    caps.offSession = true;
    caps.refunds = true;
    caps.partialRefunds = true;
    caps.webhooks = true;
    return caps; // currencies empty: any ISO 4217 currency
}

PaymentResult ExampleProvider::createCheckout(const PaymentRequest& request)
{
    checkRequest(request);
    return orUnknown(request, [&] {
        PaymentResult result = resultOf(_gateway->openCheckout(request.idempotencyKey, request.amount));
        result.redirectUrl = "https://gateway.example/checkout/" + result.providerPaymentId;
        return result;
    });
}

PaymentResult ExampleProvider::authorize(const PaymentRequest& request)
{
    checkRequest(request);
    return orUnknown(request, [&] {
        return resultOf(_gateway->charge(request.idempotencyKey, request.amount, request.savedMethodId,
                                         request.captureLater));
    });
}

PaymentResult ExampleProvider::capture(const PaymentRequest& request, const std::string& providerPaymentId,
                                       std::int64_t amountMinor)
{
    checkRequest(request, false);
    return orUnknown(request, [&] {
        return resultOf(_gateway->capture(request.idempotencyKey, providerPaymentId, amountMinor));
    });
}

PaymentResult ExampleProvider::cancelAuthorization(const PaymentRequest& request,
                                                   const std::string& providerPaymentId)
{
    checkRequest(request, false);
    return orUnknown(request, [&] { return resultOf(_gateway->cancel(providerPaymentId)); });
}

PaymentResult ExampleProvider::chargeSaved(const PaymentRequest& request)
{
    // Off-session: the same charge, without the payer; the sandbox needs no more.
    PaymentRequest now = request;
    now.captureLater = false;
    return authorize(now);
}

PaymentResult ExampleProvider::saveMethod(const PaymentRequest& request)
{
    checkRequest(request, false);
    return orUnknown(request, [&] {
        PaymentResult result = resultOf(_gateway->openSetup(request.idempotencyKey));
        result.redirectUrl = "https://gateway.example/setup/" + result.providerPaymentId;
        return result;
    });
}

std::optional<SavedMethod> ExampleProvider::fetchMethod(const PaymentRequest&,
                                                        const std::string& providerPaymentId)
{
    auto setup = _gateway->payment(providerPaymentId);
    if (!setup || setup->savedMethod.empty())
        return std::nullopt;
    // The sandbox's cards are all the same test Visa.
    return SavedMethod{setup->savedMethod, "visa", "4242", 12, 2034};
}

void ExampleProvider::removeMethod(const PaymentRequest& request)
{
    _gateway->forgetMethod(request.savedMethodId);
}

RefundResult ExampleProvider::refund(const PaymentRequest& request, const std::string& providerPaymentId,
                                     std::int64_t amountMinor)
{
    checkRequest(request, false);
    RefundResult result;
    result.amountMinor = amountMinor;
    try {
        auto [refund, payment] = _gateway->refund(request.idempotencyKey, providerPaymentId, amountMinor);
        result.providerRefundId = refund.id;
        result.state = refund.declineCode.empty() ? PaymentState::Succeeded : PaymentState::Failed;
        result.failureCode = refund.declineCode;
        result.amountMinor = refund.amountMinor;
    } catch (const GatewayTimeout&) {
        result.state = PaymentState::Unknown;
        result.failureCode = "timeout";
    } catch (const std::invalid_argument& e) {
        throw PermanentError(std::string("pay-example: ") + e.what());
    }
    return result;
}

PaymentResult ExampleProvider::fetchPayment(const PaymentRequest& request,
                                            const std::string& providerPaymentId)
{
    try {
        auto payment = providerPaymentId.empty() ? _gateway->paymentByKey(request.idempotencyKey)
                                                 : _gateway->payment(providerPaymentId);
        if (!payment) {
            PaymentResult result = unknown(request);
            result.failureCode = "not_found";
            result.detail = "the gateway has no such payment";
            return result;
        }
        GatewayPayment settled = *payment;
        settled.declineCode = settled.status == "failed" ? settled.declineCode : std::string();
        return resultOf(settled);
    } catch (const GatewayTimeout&) {
        return unknown(request);
    }
}

std::vector<PaymentEvent> ExampleProvider::parseWebhook(const WebhookDelivery& delivery)
{
    auto header = delivery.headers.find(webhook::signatureHeader);
    if (header == delivery.headers.end())
        throw WebhookRefused("no " + std::string(webhook::signatureHeader) + " header");
    auto signedAt = webhook::verify(_secret, header->second, delivery.body);
    if (!signedAt)
        throw WebhookRefused("the signature does not match the body");
    const std::int64_t age = delivery.receivedAtMillis - *signedAt;
    if (age > _toleranceMillis || -age > _toleranceMillis)
        throw WebhookRefused("the delivery was signed " + std::to_string(age / 1000) +
                             " s before it arrived, beyond the tolerance");

    auto fields = fieldsOf(delivery.body);
    if (!fields || field(*fields, "id").empty() || field(*fields, "type").empty())
        throw WebhookRefused("the body is not a delivery of the gateway");
    static const std::map<std::string, PaymentEventKind> kinds{
        {"payment.succeeded", PaymentEventKind::Succeeded},
        {"payment.failed", PaymentEventKind::Failed},
        {"payment.authorized", PaymentEventKind::Authorized},
        {"payment.canceled", PaymentEventKind::Canceled},
        {"refund.succeeded", PaymentEventKind::Refunded},
        {"dispute.opened", PaymentEventKind::DisputeOpened},
        {"dispute.closed", PaymentEventKind::DisputeClosed},
        {"method.saved", PaymentEventKind::MethodSaved}};
    auto kind = kinds.find(field(*fields, "type"));
    if (kind == kinds.end())
        return {}; // an event of no interest to the host

    PaymentEvent event;
    event.providerEventId = field(*fields, "id");
    event.kind = kind->second;
    event.idempotencyKey = field(*fields, "key");
    event.providerPaymentId = field(*fields, "payment");
    event.amount = {number(*fields, "amount"), field(*fields, "currency")};
    if (!event.amount.currency.empty()) {
        try {
            currencyMinorDigits(event.amount.currency);
        } catch (const std::invalid_argument&) {
            throw WebhookRefused("webhook currency '" + event.amount.currency + "' is no ISO 4217 code");
        }
    }
    event.providerRefundId = field(*fields, "refund");
    event.disputeId = field(*fields, "dispute");
    event.disputeOutcome = field(*fields, "outcome");
    event.method.providerMethodId = field(*fields, "method");
    event.method.brand = field(*fields, "brand");
    event.method.last4 = field(*fields, "last4");
    event.method.expMonth = static_cast<int>(number(*fields, "expMonth"));
    event.method.expYear = static_cast<int>(number(*fields, "expYear"));
    event.occurredAtMillis = number(*fields, "created");
    return {event};
}
