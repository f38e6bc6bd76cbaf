#include "WebhookVerifier.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <vector>

namespace molar::whatsapp {

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

bool decodeHex(const std::string& hex, std::vector<unsigned char>& out)
{
    if (hex.size() % 2 != 0)
        return false;
    out.clear();
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        int high = hexValue(hex[i]);
        int low = hexValue(hex[i + 1]);
        if (high < 0 || low < 0)
            return false;
        out.push_back(static_cast<unsigned char>(high * 16 + low));
    }
    return true;
}

std::vector<unsigned char> hmacSha256(const std::string& key, const std::string& message)
{
    std::vector<unsigned char> digest(EVP_MAX_MD_SIZE);
    unsigned int length = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest.data(), &length);
    digest.resize(length);
    return digest;
}

} // namespace

std::string hmacSha256Hex(const std::string& key, const std::string& message)
{
    static const char digits[] = "0123456789abcdef";
    std::string hex;
    for (unsigned char byte : hmacSha256(key, message)) {
        hex += digits[byte >> 4];
        hex += digits[byte & 0x0f];
    }
    return hex;
}

bool signatureMatches(const std::string& appSecret, const std::string& rawBody, const std::string& header)
{
    const std::string prefix = "sha256=";
    std::vector<unsigned char> given;
    if (appSecret.empty() || header.compare(0, prefix.size(), prefix) != 0 ||
        !decodeHex(header.substr(prefix.size()), given))
        return false;
    const std::vector<unsigned char> expected = hmacSha256(appSecret, rawBody);
    return given.size() == expected.size() &&
           CRYPTO_memcmp(given.data(), expected.data(), expected.size()) == 0;
}

bool subscriptionMatches(const std::string& verifyToken, const std::string& mode, const std::string& token)
{
    return !verifyToken.empty() && mode == "subscribe" && token.size() == verifyToken.size() &&
           CRYPTO_memcmp(token.data(), verifyToken.data(), token.size()) == 0;
}

} // namespace molar::whatsapp
