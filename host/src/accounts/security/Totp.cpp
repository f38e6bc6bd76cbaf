#include "accounts/security/Totp.h"

#include "accounts/security/Base32.h"

#include <Poco/URI.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <stdexcept>

namespace molar::host {

namespace {

const std::int64_t POWERS_OF_TEN[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};

std::string decodeSecret(const std::string& base32Secret)
{
    auto key = Base32::decode(base32Secret);
    if (!key || key->empty())
        throw std::invalid_argument("TOTP secret is not base32");
    return *key;
}

// RFC 4226 section 5.3: HMAC of the big-endian counter, dynamic truncation.
std::string hotp(const std::string& key, std::uint64_t counter)
{
    unsigned char message[8];
    for (int i = 7; i >= 0; --i) {
        message[i] = static_cast<unsigned char>(counter & 0xFF);
        counter >>= 8;
    }
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int macLength = 0;
    if (!HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), message, sizeof message, mac,
              &macLength) ||
        macLength != 20)
        throw std::runtime_error("HMAC-SHA1 failed");
    const int offset = mac[19] & 0x0F;
    const std::uint32_t binary = (static_cast<std::uint32_t>(mac[offset] & 0x7F) << 24) |
                                 (static_cast<std::uint32_t>(mac[offset + 1]) << 16) |
                                 (static_cast<std::uint32_t>(mac[offset + 2]) << 8) |
                                 static_cast<std::uint32_t>(mac[offset + 3]);
    std::string digits = std::to_string(binary % POWERS_OF_TEN[Totp::DIGITS]);
    return std::string(Totp::DIGITS - digits.size(), '0') + digits;
}

// Everything outside RFC 3986's unreserved set is escaped, so '@', ':' and spaces in
// a lab's name or an email address cannot change how the URI splits.
std::string percentEncode(const std::string& text)
{
    std::string out;
    Poco::URI::encode(text, ":/?#[]@!$&'()*+,;=", out);
    return out;
}

} // namespace

std::string Totp::newSecret()
{
    unsigned char bytes[20];
    if (RAND_bytes(bytes, sizeof bytes) != 1)
        throw std::runtime_error("RAND_bytes failed");
    return Base32::encode(std::string(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

std::int64_t Totp::stepAt(std::int64_t unixSeconds)
{
    // Floor, not truncation, so the step before the epoch is -1 rather than 0.
    std::int64_t step = unixSeconds / STEP_SECONDS;
    if (unixSeconds % STEP_SECONDS < 0)
        --step;
    return step;
}

std::string Totp::code(const std::string& base32Secret, std::int64_t unixSeconds)
{
    return hotp(decodeSecret(base32Secret), static_cast<std::uint64_t>(stepAt(unixSeconds)));
}

std::optional<std::int64_t> Totp::verify(const std::string& base32Secret, const std::string& code,
                                         std::int64_t unixSeconds, std::int64_t lastUsedStep, int window)
{
    const std::string key = decodeSecret(base32Secret);
    std::string given;
    for (char c : code) {
        if (c == ' ')
            continue;
        if (c < '0' || c > '9')
            return std::nullopt;
        given += c;
    }
    if (given.size() != static_cast<std::size_t>(DIGITS) || window < 0)
        return std::nullopt;

    // Every step in the window is computed and compared, matched or not, so the time
    // taken does not tell which step (if any) the code belongs to.
    const std::int64_t now = stepAt(unixSeconds);
    std::optional<std::int64_t> matched;
    for (std::int64_t step = now - window; step <= now + window; ++step) {
        if (step < 0)
            continue;
        const std::string expected = hotp(key, static_cast<std::uint64_t>(step));
        const bool same = CRYPTO_memcmp(expected.data(), given.data(), DIGITS) == 0;
        if (same && step > lastUsedStep && !matched)
            matched = step;
    }
    return matched;
}

std::string Totp::provisioningUri(const std::string& issuer, const std::string& account,
                                  const std::string& base32Secret)
{
    const std::string encodedIssuer = percentEncode(issuer);
    return "otpauth://totp/" + encodedIssuer + ":" + percentEncode(account) +
           "?secret=" + percentEncode(base32Secret) + "&issuer=" + encodedIssuer +
           "&algorithm=SHA1&digits=" + std::to_string(DIGITS) + "&period=" + std::to_string(STEP_SECONDS);
}

} // namespace molar::host
