#include "CheckoutStore.h"

#include "molar/sdk/Errors.h"

namespace molar::paystripe {

std::optional<std::string> CheckoutStore::sessionOf(const std::string& attemptId)
{
    const auto rows =
        _database.query("SELECT session_id FROM pay_stripe_checkouts WHERE attempt_id = ?", {attemptId});
    if (rows.empty())
        return std::nullopt;
    return rows.get(0, "session_id").toString();
}

void CheckoutStore::remember(const std::string& attemptId, const std::string& sessionId,
                             std::int64_t nowMillis)
{
    try {
        _database.execute(
            "INSERT INTO pay_stripe_checkouts (attempt_id, session_id, created_at) VALUES (?, ?, ?)",
            {attemptId, sessionId, nowMillis});
    } catch (const sdk::DatabaseError& e) {
        if (!e.isConflict())
            throw;
    }
}

} // namespace molar::paystripe
