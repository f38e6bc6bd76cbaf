#pragma once

#include "molar/sdk/Database.h"

#include <cstdint>
#include <optional>
#include <string>

namespace molar::paystripe {

// Which Stripe Customer (cus_...) stands for which organization: one each, made on the
// first card payment or saved card (table pay_stripe_customers). Thread-safe.
class CustomerStore
{
public:
    explicit CustomerStore(sdk::Database& database) : _database(database) {}

    std::optional<std::string> find(std::int64_t organizationId);
    // Keeps the mapping and returns the customer now kept for the organization: when
    // another call kept one first, that one.
    std::string remember(std::int64_t organizationId, const std::string& customerId, std::int64_t nowMillis);
    // Forgets the mapping when it still names `customerId` (Stripe no longer has it).
    void forget(std::int64_t organizationId, const std::string& customerId);

private:
    sdk::Database& _database;
};

} // namespace molar::paystripe
