#pragma once

#include "molar/sdk/Database.h"

#include <cstdint>
#include <optional>
#include <string>

namespace molar::paystripe {

// The Checkout Session (cs_...) made for each payment attempt (table
// pay_stripe_checkouts): Stripe cannot search sessions by metadata, and a session
// has no PaymentIntent before the payer pays, so this is how a re-sync without an id
// finds an unpaid checkout, and how a repeated checkout call gives the same page.
// Thread-safe.
class CheckoutStore
{
public:
    explicit CheckoutStore(sdk::Database& database) : _database(database) {}

    std::optional<std::string> sessionOf(const std::string& attemptId);
    // The first session kept for an attempt stays.
    void remember(const std::string& attemptId, const std::string& sessionId, std::int64_t nowMillis);

private:
    sdk::Database& _database;
};

} // namespace molar::paystripe
