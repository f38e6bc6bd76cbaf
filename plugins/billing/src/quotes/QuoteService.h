#pragma once

#include "quotes/QuoteBook.h"
#include "quotes/QuoteCaller.h"

#include "molar/sdk/Plugin.h"

#include <string>

namespace molar::billing {

// The rules of a quote's life. Each change commits in one transaction with its audit
// entry, its events and the timeline entry billing publishes for the case
// ("case.activity", kind quote, quote_accepted or quote_declined, linking the quote's
// page). An answer also publishes "case.move", which the cases plugin performs in the
// same transaction: the case moves on (accepted) or is cancelled (declined), or
// neither it nor the answer is kept. "quote.accepted" / "quote.declined" come after the
// move, so their handlers see the case moved (the credits mode drafts an unpriced case's
// invoice then). Refusals throw QuoteRefusal.
class QuoteService
{
public:
    // The workflow's actions out of invoicing (plugins/cases/config/cases.properties).
    static constexpr const char* acceptAction = "start_design";
    static constexpr const char* declineAction = "cancel";
    static constexpr std::size_t maxNoteCharacters = 2000;
    static constexpr std::size_t maxReasonCharacters = 500;

    explicit QuoteService(sdk::Host& host) : _host(host) {}

    // The synchronous handler of "case.status_changed": a case entering invoicing
    // opens a quote (unless it has one open: back from a hold); a case moving anywhere
    // else but on hold withdraws its open quote.
    void onCaseStatusChanged(sdk::Transaction& tx, const sdk::Value& payload);

    // The quote if `caller` may see it; QuoteRefusal(404) otherwise, so nobody tells
    // another organization's quote from a missing one.
    Quote load(const QuoteCaller& caller, std::int64_t id);
    // The lab prices the quote and sends it to the clinic. `priceText` as typed.
    void send(const QuoteCaller& caller, std::int64_t id, const std::string& priceText,
              const std::string& note);
    void accept(const QuoteCaller& caller, std::int64_t id);
    void decline(const QuoteCaller& caller, std::int64_t id, const std::string& reason);

    // The currency the case's product is priced in (the catalog's), or "".
    std::string currencyFor(const std::string& product);
    std::int64_t now() const;

    // Characters (not bytes) of UTF-8 text.
    static std::size_t characters(const std::string& text);
    // `text` without spaces and line breaks around it.
    static std::string trimmed(const std::string& text);

private:
    void answer(const QuoteCaller& caller, std::int64_t id, bool accepted, const std::string& reason);
    sdk::Value payload(const Quote& quote, const QuoteCaller& caller) const;

    sdk::Host& _host;
};

} // namespace molar::billing
