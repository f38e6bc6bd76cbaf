#pragma once

#include "quotes/Quote.h"

#include "molar/sdk/Database.h"
#include "molar/sdk/Money.h"

#include <optional>
#include <vector>

namespace molar::billing {

// The quotes' table (billing_quotes). Every change is a conditional UPDATE on the
// state it leaves, so two answers to one quote cannot both win.
class QuoteBook
{
public:
    // The price the clinic accepted for the case (its latest accepted quote): what the
    // case's invoice charges instead of the price list. None when no quote was accepted.
    static std::optional<sdk::Money> acceptedPriceFor(sdk::SqlRunner& db, std::int64_t caseId);

    static std::optional<Quote> find(sdk::SqlRunner& db, std::int64_t id);
    // The case's quote still awaiting a price or an answer, if any.
    static std::optional<Quote> openFor(sdk::SqlRunner& db, std::int64_t caseId);
    // Quotes awaiting a price or an answer, oldest first.
    static std::vector<Quote> open(sdk::SqlRunner& db, int limit);
    static std::int64_t insert(sdk::SqlRunner& db, const Quote& quote);
    // awaiting_price -> sent; false when the quote was no longer awaiting its price.
    static bool markSent(sdk::SqlRunner& db, std::int64_t id, std::int64_t amountMinor,
                         const std::string& currency, const std::string& note, std::int64_t by,
                         std::int64_t at);
    // sent -> accepted | declined; false when the quote was no longer waiting for an answer.
    static bool markAnswered(sdk::SqlRunner& db, std::int64_t id, const std::string& state, std::int64_t by,
                             std::int64_t at, const std::string& reason);
    // Withdraws the case's open quotes; answers how many.
    static std::int64_t withdrawOpen(sdk::SqlRunner& db, std::int64_t caseId, std::int64_t by,
                                     std::int64_t at);
};

} // namespace molar::billing
