#pragma once

#include "molar/sdk/Database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace molar::host {

// A refund asked for, as molar_payment_refunds keeps it; id is the caller's refund key.
struct RefundRow
{
    std::string id;
    std::string attemptId;
    std::int64_t amountMinor = 0;
    std::string state; // "pending", "succeeded", "failed", "unknown"
    std::string providerRefundId;
    std::string failureCode;
    std::int64_t createdAtMillis = 0;
    std::int64_t updatedAtMillis = 0;
};

// SQL for molar_payment_refunds. Rows of one attempt are written while the
// attempt's row is held (PaymentStore::lock), so refunds asked for at once are
// weighed against the capture one after the other.
class RefundStore
{
public:
    std::optional<RefundRow> find(sdk::SqlRunner& sql, const std::string& id);
    void insert(sdk::Transaction& tx, const RefundRow& refund);
    // What the attempt's refunds not counted as money yet hold back: pending and
    // unknown ones.
    std::int64_t outstandingMinor(sdk::Transaction& tx, const std::string& attemptId);
    void update(sdk::Transaction& tx, const RefundRow& refund);
    // A pending or unknown refund of the attempt that the provider's refund id names
    // is counted now (its webhook came): marks it succeeded.
    void markCounted(sdk::Transaction& tx, const std::string& attemptId, const std::string& providerRefundId,
                     std::int64_t now);
    // Refunds whose outcome is not known, last changed before `before`, oldest first.
    std::vector<RefundRow> unknown(sdk::SqlRunner& sql, std::int64_t before, int limit);
    void touch(sdk::SqlRunner& sql, const std::string& id, std::int64_t now);
};

} // namespace molar::host
