// Webhook signatures with OpenSSL's HMAC (Poco 1.11's HMACEngine cannot take SHA2Engine)
// and CRYPTO_memcmp, so no plugin writes its own hex decoding or comparison.
#include "molar/sdk/Signatures.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace molar::sdk {

namespace {

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool decodeHex(std::string_view hex, std::string& out)
{
    if (hex.empty() || hex.size() % 2 != 0)
        return false;
    out.clear();
    out.reserve(hex.size() / 2);
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        const int high = hexValue(hex[i]);
        const int low = hexValue(hex[i + 1]);
        if (high < 0 || low < 0)
            return false;
        out.push_back(static_cast<char>(high * 16 + low));
    }
    return true;
}

} // namespace

std::string hmacSha256Hex(std::string_view key, std::string_view message)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &length);
    static const char digits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) {
        hex += digits[digest[i] >> 4];
        hex += digits[digest[i] & 0x0f];
    }
    return hex;
}

bool sameHexDigest(std::string_view expectedHex, std::string_view givenHex)
{
    std::string expected, given;
    if (!decodeHex(expectedHex, expected) || !decodeHex(givenHex, given) || expected.size() != given.size())
        return false;
    return CRYPTO_memcmp(expected.data(), given.data(), expected.size()) == 0;
}

} // namespace molar::sdk
