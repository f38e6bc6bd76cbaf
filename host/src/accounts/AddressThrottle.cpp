#include "accounts/AddressThrottle.h"

namespace molar::host {

bool AddressThrottle::overLimit(const std::string& address, std::int64_t now)
{
    const std::int64_t window = std::chrono::duration_cast<std::chrono::milliseconds>(_window).count();
    const std::int64_t start = now - now % window;
    const std::string key = _purpose + address;
    bool over = false;
    _database.transaction([&](sdk::Transaction& tx) {
        if (tx.execute("UPDATE molar_sign_in_throttle SET attempts = attempts + 1 WHERE address = ? AND "
                       "window_start = ?",
                       {key, start}) == 0)
            tx.execute(
                "INSERT INTO molar_sign_in_throttle (address, window_start, attempts) VALUES (?, ?, 1)",
                {key, start});
        auto rows =
            tx.query("SELECT attempts FROM molar_sign_in_throttle WHERE address = ? AND window_start = ?",
                     {key, start});
        over = rows.row(0).at(0).asInt() > _limit;
        tx.execute("DELETE FROM molar_sign_in_throttle WHERE window_start < ?", {start - window});
    });
    return over;
}

} // namespace molar::host
