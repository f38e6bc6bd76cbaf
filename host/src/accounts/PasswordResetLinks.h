#pragma once

#include "molar/sdk/Clock.h"
#include "molar/sdk/Database.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace molar::host {

// Password-reset links (molar_password_resets) that are never at rest: a link is
// created with an id and no usable token, events name it by that id, and the link
// itself is made when the message goes out (reveal), its token stored only as a
// digest. Making it again replaces the token: the latest link sent is the one that works.
class PasswordResetLinks
{
public:
    // The event field that names a link.
    static constexpr const char* ID_FIELD = "resetId";

    PasswordResetLinks(sdk::Database& database, const sdk::Clock& clock, std::string publicUrl);

    // A link for `userId` that works for `lifetime`, in the caller's transaction; returns its id.
    std::string create(sdk::Transaction& tx, std::int64_t userId, std::chrono::milliseconds lifetime);
    // The link with a fresh token; nothing once it expired or was used.
    std::optional<std::string> reveal(const std::string& id);

private:
    sdk::Database& _database;
    const sdk::Clock& _clock;
    std::string _publicUrl;
};

} // namespace molar::host
