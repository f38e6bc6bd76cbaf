#include "OrderStore.h"

#include "molar/sdk/Errors.h"

namespace molar::payrazorpay {

namespace {

const char* const columns =
    "attempt_id, order_id, organization_id, amount_minor, currency, return_url, cancel_url, created_at";

std::optional<StoredOrder> first(const sdk::ResultSet& rows)
{
    if (rows.empty())
        return std::nullopt;
    StoredOrder o;
    o.attemptId = rows.get(0, "attempt_id").toString();
    o.orderId = rows.get(0, "order_id").toString();
    o.organizationId = rows.get(0, "organization_id").asInt();
    o.amountMinor = rows.get(0, "amount_minor").asInt();
    o.currency = rows.get(0, "currency").toString();
    o.returnUrl = rows.get(0, "return_url").toString();
    o.cancelUrl = rows.get(0, "cancel_url").toString();
    o.createdAtMillis = rows.get(0, "created_at").asInt();
    return o;
}

} // namespace

OrderStore::OrderStore(sdk::Database& database) : _database(database) {}

std::optional<StoredOrder> OrderStore::byAttempt(const std::string& attemptId)
{
    return first(_database.query(
        std::string("SELECT ") + columns + " FROM pay_razorpay_orders WHERE attempt_id = ?", {attemptId}));
}

std::optional<StoredOrder> OrderStore::byOrder(const std::string& orderId)
{
    if (orderId.empty())
        return std::nullopt;
    return first(_database.query(
        std::string("SELECT ") + columns + " FROM pay_razorpay_orders WHERE order_id = ?", {orderId}));
}

bool OrderStore::reserve(const StoredOrder& o)
{
    try {
        _database.execute(
            "INSERT INTO pay_razorpay_orders (attempt_id, order_id, organization_id, amount_minor, "
            "currency, return_url, cancel_url, created_at) VALUES (?, NULL, ?, ?, ?, ?, ?, ?)",
            {o.attemptId, o.organizationId, o.amountMinor, o.currency, o.returnUrl, o.cancelUrl,
             o.createdAtMillis});
        return true;
    } catch (const sdk::DatabaseError& e) {
        if (e.isConflict())
            return false;
        throw;
    }
}

bool OrderStore::setOrderId(const std::string& attemptId, const std::string& orderId)
{
    _database.execute("UPDATE pay_razorpay_orders SET order_id = ? WHERE attempt_id = ? AND order_id IS NULL",
                      {orderId, attemptId});
    const auto row = byAttempt(attemptId);
    return row && row->orderId == orderId;
}

} // namespace molar::payrazorpay
