#include "accounts/DeviceCookies.h"

#include "core/Clocks.h"
#include "http/StandardMiddleware.h"

#include "molar/sdk/Errors.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>
#include <vector>

namespace molar::host {

namespace {

constexpr const char* KEY_NAME = "device-cookie";

bool isDigits(const std::string& text)
{
    return !text.empty() && text.size() <= 18 && text.find_first_not_of("0123456789") == std::string::npos;
}

std::vector<std::string> split(const std::string& text, char separator)
{
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t at; (at = text.find(separator, start)) != std::string::npos; start = at + 1)
        parts.push_back(text.substr(start, at - start));
    parts.push_back(text.substr(start));
    return parts;
}

} // namespace

const std::string& DeviceCookies::key()
{
    std::lock_guard<std::mutex> lock(_mutex);
    if (!_key.empty())
        return _key;
    auto read = [&] {
        auto rows = _database.query("SELECT key_hex FROM molar_host_keys WHERE name = ?", {KEY_NAME});
        return rows.empty() ? std::string() : rows.row(0).at(0).asString();
    };
    std::string found = read();
    if (found.empty()) {
        try {
            _database.execute("INSERT INTO molar_host_keys (name, key_hex, created_at) VALUES (?, ?, ?)",
                              {KEY_NAME, randomHex(32), millisSinceEpoch(_clock.now())});
        } catch (const sdk::DatabaseError& e) {
            if (!e.isConflict()) // another host made it first: use theirs
                throw;
        }
        found = read();
    }
    if (found.size() != 64)
        throw std::runtime_error("molar_host_keys holds no usable device-cookie key");
    _key = found;
    return _key;
}

std::string DeviceCookies::sign(const std::string& payload)
{
    const std::string& k = key();
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!HMAC(EVP_sha256(), k.data(), static_cast<int>(k.size()),
              reinterpret_cast<const unsigned char*>(payload.data()), payload.size(), out, &length))
        throw std::runtime_error("HMAC-SHA256 failed");
    static const char* digits = "0123456789abcdef";
    std::string hex;
    for (unsigned int i = 0; i < length; ++i) {
        hex += digits[out[i] >> 4];
        hex += digits[out[i] & 15];
    }
    return hex;
}

std::string DeviceCookies::issue(std::int64_t userId)
{
    const std::string payload =
        std::to_string(userId) + "." + std::to_string(millisSinceEpoch(_clock.now())) + "." + randomHex(16);
    return payload + "." + sign(payload);
}

std::optional<DeviceCookies::Device> DeviceCookies::verify(const std::string& cookie)
{
    if (cookie.empty() || cookie.size() > 200)
        return std::nullopt;
    const auto parts = split(cookie, '.');
    if (parts.size() != 4 || !isDigits(parts[0]) || !isDigits(parts[1]) || parts[2].size() != 32 ||
        parts[3].size() != 64)
        return std::nullopt;
    const std::string expected = sign(parts[0] + "." + parts[1] + "." + parts[2]);
    if (CRYPTO_memcmp(expected.data(), parts[3].data(), expected.size()) != 0)
        return std::nullopt;
    const std::int64_t issued = std::stoll(parts[1]);
    const std::int64_t now = millisSinceEpoch(_clock.now());
    if (now - issued > std::chrono::duration_cast<std::chrono::milliseconds>(_lifetime).count())
        return std::nullopt;
    return Device{std::stoll(parts[0]), parts[2]};
}

} // namespace molar::host
