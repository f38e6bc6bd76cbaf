#pragma once

#include "molar/sdk/Database.h"

#include <cstdint>
#include <optional>
#include <string>

namespace molar::payrazorpay {

// The Razorpay order of one payment attempt, as pay_razorpay_orders keeps it.
struct StoredOrder
{
    std::string attemptId;
    std::string orderId; // "" while reserved and Razorpay's answer is awaited (or was lost)
    std::int64_t organizationId = 0;
    std::int64_t amountMinor = 0;
    std::string currency;
    std::string returnUrl;
    std::string cancelUrl;
    std::int64_t createdAtMillis = 0;
};

// pay_razorpay_orders: one row per attempt, reserved before the order is asked of
// Razorpay, so that two servers asked for one attempt's checkout at once agree on one.
class OrderStore
{
public:
    explicit OrderStore(sdk::Database& database);

    std::optional<StoredOrder> byAttempt(const std::string& attemptId);
    std::optional<StoredOrder> byOrder(const std::string& orderId);
    // Inserts the row without an order id; false when the attempt has one already.
    bool reserve(const StoredOrder& order);
    // Names the attempt's order; false when the row has another order already.
    bool setOrderId(const std::string& attemptId, const std::string& orderId);

private:
    sdk::Database& _database;
};

} // namespace molar::payrazorpay
