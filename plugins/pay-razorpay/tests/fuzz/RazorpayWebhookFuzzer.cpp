// A Razorpay webhook delivery as RazorpayProvider::parseWebhook reads it (the signature,
// the event id, the envelope and what it becomes), and Checkout's signed answer.
//
// Input: three parts, split at the first two line breaks.
//   line 1  X-Razorpay-Signature as received, or "sign": the target signs the body with
//           its test webhook secret (and Checkout's order|payment with its key secret);
//   line 2  x-razorpay-event-id, read as "<order id>|<payment id>" for Checkout's check;
//   rest    the body.
//
// Properties: a signature is valid only when it is the HMAC of the body (of order|payment)
// under a configured secret, as hex in either case, and always when the target signed it;
// a verified body is an envelope or WebhookRefused; each event has the kind its name
// documents, the delivery's id and time, and a non-negative integer amount in a
// three-letter currency, as the entity wrote it.
#include "FuzzCheck.h"

#include "RazorpayClient.h"
#include "RazorpayEvents.h"
#include "Signatures.h"

#include "molar/sdk/Payments.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

using namespace molar;
using namespace molar::payrazorpay;

namespace {

const std::string kWebhookSecret = "fuzz_webhook_secret_current";
const std::string kOldWebhookSecret = "fuzz_webhook_secret_previous";
// Two secrets while rotating, and an empty entry the check must skip.
const std::vector<std::string> kWebhookSecrets = {kWebhookSecret, "", kOldWebhookSecret};
const std::string kKeySecret = "fuzz_key_secret_0123456789";

std::string lower(std::string text)
{
    for (char& c : text)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return text;
}

// The part of `text` before the first `separator` at or after `from`, and where the rest starts.
std::string partAt(const std::string& text, std::size_t& from, char separator)
{
    if (from > text.size())
        return "";
    const auto end = text.find(separator, from);
    const std::string part = text.substr(from, end == std::string::npos ? std::string::npos : end - from);
    from = end == std::string::npos ? text.size() + 1 : end + 1;
    return part;
}

void checkCheckout(const std::string& signatureLine, bool signHere, const std::string& eventIdLine)
{
    std::size_t at = 0;
    const std::string orderId = partAt(eventIdLine, at, '|');
    const std::string paymentId = at <= eventIdLine.size() ? eventIdLine.substr(at) : std::string();
    const std::string expected = hmacSha256Hex(kKeySecret, orderId + "|" + paymentId);
    const std::string signature = signHere ? expected : signatureLine;
    const bool valid = checkoutSignatureValid(kKeySecret, orderId, paymentId, signature);
    if (valid)
        MOLAR_FUZZ_CHECK(!orderId.empty() && !paymentId.empty() && lower(signature) == expected,
                         "Checkout's signature is valid only as the HMAC of order|payment");
    if (signHere)
        MOLAR_FUZZ_CHECK(valid == (!orderId.empty() && !paymentId.empty()),
                         "Checkout's own signature is valid for any order and payment");
    MOLAR_FUZZ_CHECK(!checkoutSignatureValid("", orderId, paymentId, signature), "no key secret, no answer");
}

// The money of an entity as it wrote it: an integer amount and its currency.
bool moneyAsWritten(const sdk::Money& money, const Poco::JSON::Object::Ptr& entity)
{
    return money.minor >= 0 && money.currency.size() == 3 && money.minor == integer(entity, "amount") &&
           money.currency == text(entity, "currency");
}

// The kind a payment's event name documents; nothing for a name that gives no event.
std::optional<sdk::PaymentEventKind> paymentKindOf(const std::string& name)
{
    if (name == "payment.authorized")
        return sdk::PaymentEventKind::Authorized;
    if (name == "payment.failed")
        return sdk::PaymentEventKind::Failed;
    if (name == "payment.captured" || name == "order.paid")
        return sdk::PaymentEventKind::Succeeded;
    return std::nullopt;
}

void checkEvents(const WebhookEnvelope& envelope, const std::string& eventId)
{
    const auto attemptOf = [](const std::string& orderId) {
        return orderId.find("foreign") == std::string::npos ? "att_for_" + orderId : std::string();
    };
    const auto events = eventsOf(envelope, eventId, attemptOf);
    MOLAR_FUZZ_CHECK(events.size() <= 1, "one event per delivery at most");
    const std::string& name = envelope.event;
    for (const auto& e : events) {
        using K = sdk::PaymentEventKind;
        MOLAR_FUZZ_CHECK(e.providerEventId == eventId, "the delivery's event id");
        std::int64_t millis = 0;
        MOLAR_FUZZ_CHECK(!__builtin_mul_overflow(envelope.createdAtSeconds, 1000, &millis) &&
                             e.occurredAtMillis == millis,
                         "occurredAtMillis is created_at in milliseconds");
        if (name == "refund.processed") {
            MOLAR_FUZZ_CHECK(e.kind == K::Refunded, "refund.processed is Refunded");
            MOLAR_FUZZ_CHECK(e.providerRefundId.rfind("rfnd_", 0) == 0, "a refund's rfnd_ id");
            MOLAR_FUZZ_CHECK(moneyAsWritten(e.amount, envelope.refund), "the refund's amount as written");
            continue;
        }
        const auto expected = paymentKindOf(name);
        MOLAR_FUZZ_CHECK(expected && e.kind == *expected, "the kind the event's name documents");
        if (name == "payment.captured")
            MOLAR_FUZZ_CHECK(flag(envelope.payment, "captured"), "captured only once Razorpay says so");
        MOLAR_FUZZ_CHECK(moneyAsWritten(e.amount, envelope.payment), "the payment's amount as written");
        const std::string order = text(envelope.payment, "order_id");
        MOLAR_FUZZ_CHECK(e.providerPaymentId == (order.empty() ? text(envelope.payment, "id") : order),
                         "the payment named by its order");
        if (e.providerPaymentId.rfind("order_", 0) == 0 && !attemptOf(e.providerPaymentId).empty())
            MOLAR_FUZZ_CHECK(e.idempotencyKey == attemptOf(e.providerPaymentId), "our order's attempt");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string input(reinterpret_cast<const char*>(data), size);
    std::size_t at = 0;
    const std::string signatureLine = partAt(input, at, '\n');
    const std::string eventIdLine = partAt(input, at, '\n');
    const std::string body = at <= input.size() ? input.substr(at) : std::string();
    const bool signHere = signatureLine == "sign";

    checkCheckout(signatureLine, signHere, eventIdLine);

    const std::string current = hmacSha256Hex(kWebhookSecret, body);
    const std::string old = hmacSha256Hex(kOldWebhookSecret, body);
    const std::string signature = signHere ? current : signatureLine;
    const bool valid = webhookSignatureValid(kWebhookSecrets, body, signature);
    MOLAR_FUZZ_CHECK(valid == (lower(signature) == current || lower(signature) == old),
                     "a webhook is valid iff signed with a configured secret");
    MOLAR_FUZZ_CHECK(!webhookSignatureValid({}, body, signature) &&
                         !webhookSignatureValid({""}, body, signature),
                     "no secret, no valid signature");
    // As the provider: nothing more for a bad signature or a missing event id.
    if (!valid || eventIdLine.empty() || eventIdLine.size() > 100)
        return 0;

    WebhookEnvelope envelope;
    try {
        envelope = parseEnvelope(body);
    } catch (const sdk::WebhookRefused&) {
        return 0;
    }
    MOLAR_FUZZ_CHECK(!envelope.event.empty(), "an envelope names its event");
    try {
        checkEvents(envelope, eventIdLine);
    } catch (const sdk::WebhookRefused&) {
        // An entity without its id, integer amount or currency: refused as documented.
    }
    return 0;
}
