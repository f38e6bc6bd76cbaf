#include "Signatures.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace molar::payrazorpay {

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

bool checkoutSignatureValid(std::string_view keySecret, std::string_view storedOrderId,
                            std::string_view paymentId, std::string_view signature)
{
    if (keySecret.empty() || storedOrderId.empty() || paymentId.empty() || signature.empty())
        return false;
    std::string message(storedOrderId);
    message += '|';
    message += paymentId;
    return sameHexDigest(hmacSha256Hex(keySecret, message), signature);
}

bool webhookSignatureValid(const std::vector<std::string>& secrets, std::string_view body,
                           std::string_view signature)
{
    if (signature.empty())
        return false;
    bool valid = false;
    // Every secret is tried, so the time taken does not tell which one matched.
    for (const auto& secret : secrets)
        if (!secret.empty() && sameHexDigest(hmacSha256Hex(secret, body), signature))
            valid = true;
    return valid;
}

} // namespace molar::payrazorpay
