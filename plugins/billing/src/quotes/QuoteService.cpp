#include "quotes/QuoteService.h"

#include "invoices/InvoiceMath.h"

#include "molar/sdk/Errors.h"
#include "molar/sdk/Notifications.h"

#include <chrono>

namespace molar::billing {
namespace {

// A quote's timeline entry: its amount, written in each reader's form, and the clinic's
// reason for a decline as typed.
sdk::Value amountFields(const Quote& quote, const std::string& reason)
{
    sdk::Value fields =
        sdk::Value::object({{"amount", sdk::messageAmount({quote.amountMinor, quote.currency})}});
    if (!reason.empty())
        fields.set("reason", reason);
    return fields;
}

} // namespace

std::int64_t QuoteService::now() const
{
    return std::chrono::duration_cast<std::chrono::seconds>(_host.clock().now().time_since_epoch()).count();
}

std::size_t QuoteService::characters(const std::string& text)
{
    std::size_t n = 0;
    for (unsigned char c : text)
        n += (c & 0xC0) != 0x80;
    return n;
}

std::string QuoteService::trimmed(const std::string& text)
{
    const auto begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string::npos)
        return {};
    return text.substr(begin, text.find_last_not_of(" \t\r\n") - begin + 1);
}

std::string QuoteService::currencyFor(const std::string& product)
{
    const auto items = _host.catalog();
    for (const auto& item : items)
        if (item.code == product)
            return item.currency;
    // A product the catalog no longer sells: the lab's other prices' currency.
    return items.empty() ? std::string() : items.front().currency;
}

void QuoteService::onCaseStatusChanged(sdk::Transaction& tx, const sdk::Value& payload)
{
    const std::int64_t caseId = payload.getInt("caseId");
    const std::string status = payload.getString("status");
    if (status == "invoicing") {
        if (QuoteBook::openFor(tx, caseId))
            return; // back from a hold: the quote it had still stands
        Quote quote;
        quote.caseId = caseId;
        quote.caseNumber = payload.getString("number");
        quote.organizationId = payload.getInt("organizationId");
        quote.clinicId = payload.getInt("clinicId");
        quote.ownerUserId = payload.getInt("ownerUserId");
        quote.product = payload.getString("product");
        quote.productName = payload.getString("productName");
        quote.state = "awaiting_price";
        quote.currency = currencyFor(quote.product);
        quote.openedAt = now();
        QuoteBook::insert(tx, quote);
        return;
    }
    // A held case returns to invoicing (resume) and keeps its quote; any other move out
    // of invoicing (the lab starts the design itself, cancels the case) ends it.
    if (status == "on_hold")
        return;
    QuoteBook::withdrawOpen(tx, caseId, payload.getInt("actorUserId"), now());
}

Quote QuoteService::load(const QuoteCaller& caller, std::int64_t id)
{
    auto quote = QuoteBook::find(_host.database(), id);
    if (!quote || !caller.maySee(*quote))
        throw QuoteRefusal(404, "billing.quote.error.notFound");
    return *quote;
}

sdk::Value QuoteService::payload(const Quote& quote, const QuoteCaller& caller) const
{
    sdk::Value out = sdk::Value::object({{"quoteId", quote.id},
                                         {"caseId", quote.caseId},
                                         {"number", quote.caseNumber},
                                         {"organizationId", quote.organizationId},
                                         {"clinicId", quote.clinicId},
                                         {"ownerUserId", quote.ownerUserId},
                                         {"product", quote.product},
                                         {"productName", quote.productName},
                                         {"amountMinor", quote.amountMinor},
                                         {"currency", quote.currency},
                                         {"note", quote.note},
                                         {"quotePath", quote.path()},
                                         {"casePath", "/cases/" + std::to_string(quote.caseId)},
                                         {"actorUserId", caller.actor.userId}});
    sdk::setMessageAmount(out, "amountText", {quote.amountMinor, quote.currency});
    return out;
}

void QuoteService::send(const QuoteCaller& caller, std::int64_t id, const std::string& priceText,
                        const std::string& noteText)
{
    if (!caller.mayPrice())
        throw QuoteRefusal(403, "billing.quote.error.labOnly");
    const std::string note = trimmed(noteText);
    if (characters(note) > maxNoteCharacters)
        throw QuoteRefusal(400, "billing.quote.error.noteTooLong", "note");
    const std::string price = trimmed(priceText);
    _host.database().transaction([&](sdk::Transaction& tx) {
        auto quote = QuoteBook::find(tx, id);
        if (!quote)
            throw QuoteRefusal(404, "billing.quote.error.notFound");
        if (quote->state != "awaiting_price")
            throw QuoteRefusal(409, "billing.quote.error.alreadySent");
        if (quote->currency.empty())
            quote->currency = currencyFor(quote->product);
        if (quote->currency.empty())
            throw QuoteRefusal(409, "billing.quote.error.noCurrency");
        if (price.empty())
            throw QuoteRefusal(400, "billing.quote.error.priceMissing", "price");
        std::optional<std::int64_t> minor;
        try {
            minor = sdk::parseMinorUnits(price, quote->currency);
        } catch (const std::invalid_argument&) {
            throw QuoteRefusal(409, "billing.quote.error.noCurrency");
        }
        if (!minor)
            throw QuoteRefusal(400, "billing.quote.error.price", "price");
        if (*minor <= 0)
            throw QuoteRefusal(400, "billing.quote.error.priceZero", "price");
        if (*minor > kMaxAmountMinor) // no invoice line could hold it: the case could never be invoiced
            throw QuoteRefusal(400, "billing.quote.error.priceTooLarge", "price");
        const std::int64_t at = now();
        if (!QuoteBook::markSent(tx, id, *minor, quote->currency, note, caller.actor.userId, at))
            throw QuoteRefusal(409, "billing.quote.error.alreadySent");
        quote->state = "sent";
        quote->amountMinor = *minor;
        quote->note = note;
        quote->sentBy = caller.actor.userId;
        quote->sentAt = at;
        const sdk::Value event = payload(*quote, caller);
        const std::string amount = event.getString("amountText");
        _host.audit().record(tx, caller.actor,
                             {"quote.sent", "quote", std::to_string(id), quote->organizationId,
                              quote->caseNumber + ": " + amount});
        _host.events().publish(tx, "quote.sent", event);
        _host.events().publish(tx, "case.activity",
                               sdk::Value::object({{"caseId", quote->caseId},
                                                   {"kind", "quote"},
                                                   {"summary", amount},
                                                   {"summaryKey", "billing.quote.activity.amount"},
                                                   {"summaryFields", amountFields(*quote, "")},
                                                   {"link", quote->path()},
                                                   {"actor", caller.actor.label},
                                                   {"at", at}}));
    });
}

void QuoteService::accept(const QuoteCaller& caller, std::int64_t id)
{
    answer(caller, id, true, "");
}

void QuoteService::decline(const QuoteCaller& caller, std::int64_t id, const std::string& reason)
{
    answer(caller, id, false, reason);
}

void QuoteService::answer(const QuoteCaller& caller, std::int64_t id, bool accepted,
                          const std::string& reasonText)
{
    const std::string reason = trimmed(reasonText);
    if (characters(reason) > maxReasonCharacters)
        throw QuoteRefusal(400, "billing.quote.error.reasonTooLong", "reason");
    try {
        _host.database().transaction([&](sdk::Transaction& tx) {
            auto quote = QuoteBook::find(tx, id);
            if (!quote || !caller.maySee(*quote))
                throw QuoteRefusal(404, "billing.quote.error.notFound");
            if (!caller.mayAnswer(*quote))
                throw QuoteRefusal(403, "billing.quote.error.notYours");
            if (quote->state == "awaiting_price")
                throw QuoteRefusal(409, "billing.quote.error.notSent");
            const std::string state = accepted ? "accepted" : "declined";
            const std::int64_t at = now();
            if (quote->state != "sent" ||
                !QuoteBook::markAnswered(tx, id, state, caller.actor.userId, at, reason))
                throw QuoteRefusal(409, "billing.quote.error.answered");
            quote->state = state;
            quote->answeredBy = caller.actor.userId;
            quote->answeredAt = at;
            quote->declineReason = reason;
            sdk::Value event = payload(*quote, caller);
            event.set("reason", reason);
            const std::string amount = event.getString("amountText");
            _host.audit().record(
                tx, caller.actor,
                {"quote." + state, "quote", std::to_string(id), quote->organizationId,
                 quote->caseNumber + ": " + amount + (reason.empty() ? "" : " (" + reason + ")")});
            _host.events().publish(
                tx, "case.activity",
                sdk::Value::object({{"caseId", quote->caseId},
                                    {"kind", "quote_" + state},
                                    {"summary", amount + (reason.empty() ? "" : " · " + reason)},
                                    {"summaryKey", reason.empty() ? "billing.quote.activity.amount"
                                                                  : "billing.quote.activity.amountReason"},
                                    {"summaryFields", amountFields(*quote, reason)},
                                    {"link", quote->path()},
                                    {"actor", caller.actor.label},
                                    {"at", at}}));
            // The case moves in this transaction: both commit, or neither.
            // The reason's text is for the audit and the events; the timeline words it from the
            // key in each reader's language.
            const std::string why = accepted         ? ""
                                    : reason.empty() ? "Quote declined"
                                                     : "Quote declined: " + reason;
            sdk::Value move = sdk::Value::object({{"caseId", quote->caseId},
                                                  {"action", accepted ? acceptAction : declineAction},
                                                  {"actorUserId", caller.actor.userId},
                                                  {"reason", why}});
            if (!accepted) {
                move.set("reasonKey", reason.empty() ? "billing.quote.move.declined"
                                                     : "billing.quote.move.declinedReason");
                move.set("reasonFields", sdk::Value::object({{"reason", reason}}));
            }
            _host.events().publish(tx, "case.move", move);
            // After the move: a handler of the answer may move the case on again (a case
            // in billing mode credits that the balance cannot pay is held for credit).
            _host.events().publish(tx, "quote." + state, event);
        });
    } catch (const sdk::HttpError&) {
        // The cases plugin refused the move (the case is on hold, or moved on meanwhile):
        // the answer was rolled back with it.
        throw QuoteRefusal(409, "billing.quote.error.caseMoved");
    }
}

} // namespace molar::billing
