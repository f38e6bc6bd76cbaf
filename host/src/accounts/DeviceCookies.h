#pragma once

#include "molar/sdk/Clock.h"
#include "molar/sdk/Database.h"

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

namespace molar::host {

// OWASP's "device cookies": after a successful sign-in the browser gets a cookie
// naming the account, signed with a key every host of the deployment shares (made
// once, kept in molar_host_keys). A sign-in that presents a valid one for the same
// account counts its failures against that cookie alone, so strangers locking the
// account do not lock its owner out. The value is
// "<userId>.<issuedMs>.<nonce>.<HMAC-SHA256 of the rest>"; nothing secret is in it.
class DeviceCookies
{
public:
    static constexpr const char* COOKIE = "molar_device";

    struct Device
    {
        std::int64_t userId = 0;
        std::string nonce; // names the cookie in the failure counters
    };

    DeviceCookies(sdk::Database& database, const sdk::Clock& clock, std::chrono::seconds lifetime)
        : _database(database), _clock(clock), _lifetime(lifetime)
    {
    }

    // A new cookie value for `userId`.
    std::string issue(std::int64_t userId);
    // The device a cookie names, if its signature is right and it has not expired.
    std::optional<Device> verify(const std::string& cookie);
    std::chrono::seconds lifetime() const { return _lifetime; }

private:
    const std::string& key();
    std::string sign(const std::string& payload);

    sdk::Database& _database;
    const sdk::Clock& _clock;
    std::chrono::seconds _lifetime;
    std::mutex _mutex;
    std::string _key; // hex, loaded once
};

} // namespace molar::host
