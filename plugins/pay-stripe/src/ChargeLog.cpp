#include "ChargeLog.h"

#include "molar/sdk/Errors.h"

namespace molar::paystripe {

void ChargeLog::sent(const std::string& attemptId, std::int64_t nowMillis)
{
    try {
        _database.execute("INSERT INTO pay_stripe_charges (attempt_id, sent_at) VALUES (?, ?)",
                          {attemptId, nowMillis});
    } catch (const sdk::DatabaseError& e) {
        if (!e.isConflict())
            throw;
    }
}

std::optional<std::int64_t> ChargeLog::sentAt(const std::string& attemptId)
{
    const auto rows =
        _database.query("SELECT sent_at FROM pay_stripe_charges WHERE attempt_id = ?", {attemptId});
    if (rows.empty())
        return std::nullopt;
    return rows.get(0, "sent_at").asInt();
}

} // namespace molar::paystripe
