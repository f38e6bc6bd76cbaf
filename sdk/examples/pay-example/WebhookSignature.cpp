#include "WebhookSignature.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

namespace webhook {

namespace {

std::string hmacHex(const std::string& secret, const std::string& message)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
             reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest,
             &length) == nullptr)
        throw std::runtime_error("HMAC-SHA256 failed");
    static const char hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 0x0f];
    }
    return out;
}

} // namespace

std::string sign(const std::string& secret, std::int64_t timestampMillis, const std::string& body)
{
    const std::string t = std::to_string(timestampMillis);
    return "t=" + t + ",v1=" + hmacHex(secret, t + "." + body);
}

std::optional<std::int64_t> verify(const std::string& secret, const std::string& header,
                                   const std::string& body)
{
    // Exactly "t=<digits>,v1=<64 hex>".
    const auto comma = header.find(',');
    if (header.rfind("t=", 0) != 0 || comma == std::string::npos || header.compare(comma, 4, ",v1=") != 0)
        return std::nullopt;
    const std::string t = header.substr(2, comma - 2);
    const std::string given = header.substr(comma + 4);
    if (t.empty() || t.size() > 15 || t.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    const std::string expected = hmacHex(secret, t + "." + body);
    if (given.size() != expected.size() || CRYPTO_memcmp(given.data(), expected.data(), expected.size()) != 0)
        return std::nullopt;
    return std::stoll(t);
}

} // namespace webhook
