#include "CustomerStore.h"

#include "molar/sdk/Errors.h"

namespace molar::paystripe {

std::optional<std::string> CustomerStore::find(std::int64_t organizationId)
{
    const auto rows = _database.query(
        "SELECT customer_id FROM pay_stripe_customers WHERE organization_id = ?", {organizationId});
    if (rows.empty())
        return std::nullopt;
    return rows.get(0, "customer_id").toString();
}

std::string CustomerStore::remember(std::int64_t organizationId, const std::string& customerId,
                                    std::int64_t nowMillis)
{
    try {
        _database.execute(
            "INSERT INTO pay_stripe_customers (organization_id, customer_id, created_at) VALUES (?, ?, ?)",
            {organizationId, customerId, nowMillis});
    } catch (const sdk::DatabaseError& e) {
        if (!e.isConflict())
            throw;
    }
    if (auto kept = find(organizationId))
        return *kept;
    return customerId;
}

void CustomerStore::forget(std::int64_t organizationId, const std::string& customerId)
{
    _database.execute("DELETE FROM pay_stripe_customers WHERE organization_id = ? AND customer_id = ?",
                      {organizationId, customerId});
}

} // namespace molar::paystripe
