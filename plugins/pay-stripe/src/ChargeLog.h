#pragma once

#include "molar/sdk/Database.h"

#include <cstdint>
#include <optional>
#include <string>

namespace molar::paystripe {

// When a charge of a saved card was first sent to Stripe for each payment attempt
// (table pay_stripe_charges). Stripe's search of PaymentIntents can lag a write by up
// to a minute, so a re-sync that finds nothing soon after a charge whose answer was
// lost must not conclude "never charged"; after the lag it may. Thread-safe.
class ChargeLog
{
public:
    explicit ChargeLog(sdk::Database& database) : _database(database) {}

    // Keeps the first time only: a retry with the same key is the same charge.
    void sent(const std::string& attemptId, std::int64_t nowMillis);
    std::optional<std::int64_t> sentAt(const std::string& attemptId);

private:
    sdk::Database& _database;
};

} // namespace molar::paystripe
