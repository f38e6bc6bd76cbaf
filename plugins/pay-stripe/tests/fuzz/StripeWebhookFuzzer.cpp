// A Stripe webhook delivery as StripeProvider::parseWebhook reads it: the signature
// check, then the event and what it becomes, with stub lookups instead of Stripe.
//
// Input: a first line, then the body.
//   "sign [<seconds>]"  the target signs the body with its test secret, <seconds> from
//                       its clock (default 0), so the body reaches the parser;
//   anything else       the Stripe-Signature header as received.
//
// Properties: the verifier answers what the header and the HMAC say (Valid only for a v1
// equal to the HMAC under a configured secret, within the tolerance both ways, whatever
// the header holds); a verified body is an event or WebhookRefused; each event has the
// kind its type documents, the event's id and time, and the amount and currency of the
// object it names, as the JSON wrote them (a negative amount is passed on for the host to
// refuse, never changed).
#include "FuzzCheck.h"

#include "Json.h"
#include "StripeEvents.h"
#include "WebhookSignature.h"

#include "molar/sdk/Payments.h"

#include <Poco/JSON/Parser.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

using namespace molar;
using namespace molar::paystripe;

namespace {

const std::string kSecret = "whsec_fuzz_current_0123456789";
const std::string kOldSecret = "whsec_fuzz_previous_9876543210";
// The configured secrets while one is rolled, and an empty entry the verifier must skip.
const std::vector<std::string> kSecrets = {kSecret, "", kOldSecret};
const std::int64_t kNow = 1796256000; // 2026-12-01T00:00:00Z
const std::int64_t kTolerance = 300;

std::string lower(std::string text)
{
    for (char& c : text)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return text;
}

std::string upper(std::string text)
{
    for (char& c : text)
        if (c >= 'a' && c <= 'z')
            c = static_cast<char>(c - 'a' + 'A');
    return text;
}

bool blank(const std::string& text)
{
    return text.find_first_not_of(" \t") == std::string::npos;
}

// "sign" or "sign <seconds>": the offset from the target's clock; nothing for a header.
bool signLine(const std::string& line, std::int64_t& offset)
{
    if (line.rfind("sign", 0) != 0)
        return false;
    offset = 0;
    const std::string rest = line.substr(4);
    if (rest.size() < 2 || rest[0] != ' ')
        return true;
    std::size_t i = 1;
    const bool negative = rest[i] == '-';
    if (negative)
        ++i;
    for (; i < rest.size() && i < 9 && rest[i] >= '0' && rest[i] <= '9'; ++i)
        offset = offset * 10 + (rest[i] - '0');
    if (negative)
        offset = -offset;
    return true;
}

// What the verifier must answer, from the header's parts and the HMAC, compared as
// lower-case text (the verifier compares the bytes the hex stands for).
SignatureCheck expectedCheck(const std::string& header, const std::string& body)
{
    if (blank(header))
        return SignatureCheck::Missing;
    const auto parsed = parseSignatureHeader(header);
    if (!parsed)
        return SignatureCheck::Malformed;
    const std::string payload = std::to_string(parsed->timestamp) + "." + body;
    const std::string current = hmacSha256Hex(kSecret, payload);
    const std::string old = hmacSha256Hex(kOldSecret, payload);
    bool matches = false;
    for (const auto& v1 : parsed->v1)
        matches = matches || lower(v1) == current || lower(v1) == old;
    if (!matches)
        return SignatureCheck::NoMatch;
    if (kNow - parsed->timestamp > kTolerance)
        return SignatureCheck::Stale;
    if (parsed->timestamp - kNow > kTolerance)
        return SignatureCheck::Future;
    return SignatureCheck::Valid;
}

void checkHeaderParts(const std::string& header)
{
    const auto parsed = parseSignatureHeader(header);
    if (!parsed)
        return;
    MOLAR_FUZZ_CHECK(parsed->timestamp >= 0 && parsed->timestamp <= 999999999999, "t= is 0 to 12 digits");
    MOLAR_FUZZ_CHECK(!parsed->v1.empty(), "a parsed header has a v1");
    for (const auto& v1 : parsed->v1)
        MOLAR_FUZZ_CHECK(!v1.empty() && v1.find(',') == std::string::npos, "a v1 is one non-empty item");
}

EventLookups stubLookups()
{
    EventLookups lookups;
    lookups.method = [](const std::string& id) -> std::optional<sdk::SavedMethod> {
        if (id.rfind("pm_", 0) != 0)
            return std::nullopt;
        return sdk::SavedMethod{id, "visa", "4242", 12, 2030};
    };
    lookups.attemptOf = [](const std::string& id) {
        return id.rfind("pi_", 0) == 0 ? "att_of_" + id : std::string();
    };
    lookups.refundsOf = [](const std::string& chargeId) -> Poco::JSON::Array::Ptr {
        if (chargeId.rfind("ch_", 0) != 0)
            return nullptr;
        Poco::JSON::Parser parser;
        return parser
            .parse(
                R"([{"id":"re_stub","object":"refund","amount":2000,"currency":"qar","status":"succeeded"},)"
                R"({"id":"re_failed","object":"refund","amount":500,"currency":"qar","status":"failed"}])")
            .extract<Poco::JSON::Array::Ptr>();
    };
    return lookups;
}

// The kinds each handled type may give; a type not listed gives no event.
const std::set<sdk::PaymentEventKind>& kindsOf(const std::string& type)
{
    using K = sdk::PaymentEventKind;
    static const std::set<K> none;
    static const std::map<std::string, std::set<K>> kinds{
        {"payment_intent.succeeded", {K::Succeeded}},
        {"payment_intent.amount_capturable_updated", {K::Authorized}},
        {"payment_intent.payment_failed", {K::Failed}},
        {"payment_intent.canceled", {K::Canceled}},
        {"checkout.session.completed", {K::Succeeded}},
        {"checkout.session.async_payment_succeeded", {K::Succeeded}},
        {"checkout.session.expired", {K::Canceled}},
        {"setup_intent.succeeded", {K::MethodSaved}},
        {"charge.refunded", {K::Refunded}},
        {"refund.created", {K::Refunded}},
        {"refund.updated", {K::Refunded}},
        {"charge.dispute.created", {K::DisputeOpened}},
        {"charge.dispute.closed", {K::DisputeClosed}}};
    const auto it = kinds.find(type);
    return it == kinds.end() ? none : it->second;
}

// Whether `money` is what `object` says at `amountKey` and its currency, upper case.
bool moneyFrom(const sdk::Money& money, const Poco::JSON::Object::Ptr& object, const std::string& amountKey)
{
    return money.minor == json::integer(object, amountKey) &&
           money.currency == upper(json::text(object, "currency"));
}

// The refunds a charge.refunded may count: the charge's own list, else the stub's.
Poco::JSON::Array::Ptr refundsOfCharge(const Poco::JSON::Object::Ptr& charge)
{
    if (auto listed = json::array(json::object(charge, "refunds"), "data"))
        return listed;
    return stubLookups().refundsOf(json::text(charge, "id"));
}

bool isListedRefund(const sdk::PaymentEvent& e, const Poco::JSON::Array::Ptr& refunds)
{
    if (!refunds)
        return false;
    for (std::size_t i = 0; i < refunds->size(); ++i) {
        const auto refund = refunds->getObject(static_cast<unsigned>(i));
        if (refund && json::text(refund, "id") == e.providerRefundId && moneyFrom(e.amount, refund, "amount"))
            return true;
    }
    return false;
}

void checkAmount(const sdk::PaymentEvent& e, const std::string& type, const Poco::JSON::Object::Ptr& object)
{
    if (type == "payment_intent.succeeded") {
        const bool received = json::integer(object, "amount_received") != 0;
        MOLAR_FUZZ_CHECK(moneyFrom(e.amount, object, received ? "amount_received" : "amount"),
                         "succeeded: amount_received, else amount");
    } else if (type == "payment_intent.amount_capturable_updated") {
        MOLAR_FUZZ_CHECK(moneyFrom(e.amount, object, "amount_capturable"), "authorized: amount_capturable");
    } else if (type.rfind("payment_intent.", 0) == 0) {
        MOLAR_FUZZ_CHECK(moneyFrom(e.amount, object, "amount"), "failed or canceled: amount");
    } else if (type.rfind("checkout.session.", 0) == 0) {
        MOLAR_FUZZ_CHECK(moneyFrom(e.amount, object, "amount_total"), "a session's amount_total");
    } else if (type == "charge.refunded") {
        MOLAR_FUZZ_CHECK(isListedRefund(e, refundsOfCharge(object)),
                         "a refund of the charge's list, as listed");
    } else if (type.rfind("refund.", 0) == 0 || type.rfind("charge.dispute.", 0) == 0) {
        MOLAR_FUZZ_CHECK(moneyFrom(e.amount, object, "amount"), "a refund's or dispute's amount");
    } else {
        MOLAR_FUZZ_CHECK(e.amount.minor == 0 && e.amount.currency.empty(), "a saved method carries no money");
    }
}

void checkEvents(const Poco::JSON::Object::Ptr& event)
{
    const std::string id = json::text(event, "id");
    const std::string type = json::text(event, "type");
    const auto object = json::object(json::object(event, "data"), "object");
    const std::int64_t created = json::integer(event, "created");

    const auto events = eventsOf(event, stubLookups());
    const auto& kinds = kindsOf(type);
    if (type != "charge.refunded")
        MOLAR_FUZZ_CHECK(events.size() <= 1, "one event at most, but for a charge's refunds");
    std::set<std::string> refundIds;
    for (const auto& e : events) {
        MOLAR_FUZZ_CHECK(kinds.count(e.kind) == 1, "the kind the event's type documents");
        std::int64_t millis = 0;
        MOLAR_FUZZ_CHECK(!__builtin_mul_overflow(created, 1000, &millis) && e.occurredAtMillis == millis,
                         "occurredAtMillis is the event's created, in milliseconds");
        if (e.kind == sdk::PaymentEventKind::Refunded) {
            MOLAR_FUZZ_CHECK(!e.providerRefundId.empty() &&
                                 e.providerEventId == id + ":" + e.providerRefundId,
                             "a refund's event id is <evt>:<re_...>");
            refundIds.insert(e.providerRefundId);
        } else {
            MOLAR_FUZZ_CHECK(e.providerEventId == id, "the event's id");
        }
        if (e.kind == sdk::PaymentEventKind::DisputeClosed)
            MOLAR_FUZZ_CHECK(e.disputeOutcome == "won" || e.disputeOutcome == "lost", "won or lost");
        checkAmount(e, type, object);
    }
    if (type.rfind("charge.dispute.", 0) == 0) {
        const auto facts = disputeFactsOf(object);
        MOLAR_FUZZ_CHECK(facts.amountMinor == json::integer(object, "amount"),
                         "a dispute's amount as written");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string input(reinterpret_cast<const char*>(data), size);
    const auto newline = input.find('\n');
    const std::string firstLine = input.substr(0, newline);
    const std::string body = newline == std::string::npos ? std::string() : input.substr(newline + 1);

    std::int64_t offset = 0;
    const bool signedHere = signLine(firstLine, offset);
    const std::string header = signedHere ? signatureHeader({kSecret}, body, kNow + offset) : firstLine;

    checkHeaderParts(header);
    const SignatureCheck check = verifySignature(header, body, kSecrets, kNow, kTolerance);
    MOLAR_FUZZ_CHECK(check == expectedCheck(header, body), "the verifier answers what the HMAC and time say");
    if (signedHere)
        MOLAR_FUZZ_CHECK((check == SignatureCheck::Valid) == (offset >= -kTolerance && offset <= kTolerance),
                         "a body signed with the secret is valid iff signed within the tolerance");
    MOLAR_FUZZ_CHECK(!describe(check).empty(), "every answer is described");
    if (check != SignatureCheck::Valid)
        return 0;

    Poco::JSON::Object::Ptr event;
    try {
        event = parseEvent(body);
    } catch (const sdk::WebhookRefused&) {
        return 0;
    }
    MOLAR_FUZZ_CHECK(!json::text(event, "id").empty() && !json::text(event, "type").empty(),
                     "an accepted event has an id and a type");
    checkEvents(event);
    return 0;
}
