#include "accounts/PasswordResetLinks.h"

#include "accounts/SessionStore.h"
#include "core/Clocks.h"
#include "http/StandardMiddleware.h"

namespace molar::host {

PasswordResetLinks::PasswordResetLinks(sdk::Database& database, const sdk::Clock& clock,
                                       std::string publicUrl)
    : _database(database), _clock(clock), _publicUrl(std::move(publicUrl))
{
    while (!_publicUrl.empty() && _publicUrl.back() == '/')
        _publicUrl.pop_back();
}

std::string PasswordResetLinks::create(sdk::Transaction& tx, std::int64_t userId,
                                       std::chrono::milliseconds lifetime)
{
    const std::string id = randomHex(16);
    const std::int64_t now = millisSinceEpoch(_clock.now());
    // The digest of a token nobody keeps: the link works only once reveal() made one.
    tx.execute("INSERT INTO molar_password_resets (token_hash, link_id, user_id, created_at, expires_at)"
               " VALUES (?, ?, ?, ?, ?)",
               {SessionStore::digest(randomHex(32)), id, userId, now, now + lifetime.count()});
    return id;
}

std::optional<std::string> PasswordResetLinks::reveal(const std::string& id)
{
    const std::string token = randomHex(32);
    const std::int64_t now = millisSinceEpoch(_clock.now());
    if (_database.execute(
            "UPDATE molar_password_resets SET token_hash = ? WHERE link_id = ? AND used_at IS NULL"
            " AND expires_at > ?",
            {SessionStore::digest(token), id, now}) != 1)
        return std::nullopt;
    return _publicUrl + "/password/reset/" + token;
}

} // namespace molar::host
