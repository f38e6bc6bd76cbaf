#include "WebhookSignature.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace molar::paystripe {

namespace {

std::string trim(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos)
        return "";
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

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
    if (hex.empty() || hex.size() % 2 != 0)
        return false;
    out.clear();
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        const int high = hexValue(hex[i]);
        const int low = hexValue(hex[i + 1]);
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

std::optional<SignatureHeader> parseSignatureHeader(const std::string& header)
{
    SignatureHeader out;
    bool haveTimestamp = false;
    std::size_t start = 0;
    while (start <= header.size()) {
        const auto comma = header.find(',', start);
        const std::string item =
            trim(header.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        start = comma == std::string::npos ? header.size() + 1 : comma + 1;
        const auto eq = item.find('=');
        if (eq == std::string::npos)
            continue;
        const std::string scheme = item.substr(0, eq);
        const std::string value = item.substr(eq + 1);
        if (scheme == "t") {
            // At most 12 digits: Unix seconds until the year 33658, and no overflow.
            if (value.empty() || value.size() > 12 ||
                value.find_first_not_of("0123456789") != std::string::npos)
                return std::nullopt;
            out.timestamp = std::stoll(value);
            haveTimestamp = true;
        } else if (scheme == "v1" && !value.empty()) {
            out.v1.push_back(value);
        }
    }
    if (!haveTimestamp || out.v1.empty())
        return std::nullopt;
    return out;
}

SignatureCheck verifySignature(const std::string& header, const std::string& body,
                               const std::vector<std::string>& secrets, std::int64_t nowSeconds,
                               std::int64_t toleranceSeconds)
{
    if (trim(header).empty() || secrets.empty())
        return SignatureCheck::Missing;
    const auto parsed = parseSignatureHeader(header);
    if (!parsed)
        return SignatureCheck::Malformed;
    // The signature is checked before the time, so that an unsigned header learns nothing.
    const std::string payload = std::to_string(parsed->timestamp) + "." + body;
    bool matches = false;
    std::vector<unsigned char> given;
    for (const auto& secret : secrets) {
        if (secret.empty())
            continue;
        const auto expected = hmacSha256(secret, payload);
        for (const auto& v1 : parsed->v1)
            if (decodeHex(v1, given) && given.size() == expected.size() &&
                CRYPTO_memcmp(given.data(), expected.data(), expected.size()) == 0)
                matches = true;
    }
    if (!matches)
        return SignatureCheck::NoMatch;
    if (nowSeconds - parsed->timestamp > toleranceSeconds)
        return SignatureCheck::Stale;
    if (parsed->timestamp - nowSeconds > toleranceSeconds)
        return SignatureCheck::Future;
    return SignatureCheck::Valid;
}

std::string describe(SignatureCheck check)
{
    switch (check) {
    case SignatureCheck::Valid:
        return "valid";
    case SignatureCheck::Missing:
        return "no Stripe-Signature header, or no webhook secret configured (pay-stripe.webhookSecrets)";
    case SignatureCheck::Malformed:
        return "a Stripe-Signature header without t= or v1=";
    case SignatureCheck::NoMatch:
        return "no v1 signature matches the body under the configured webhook secrets";
    case SignatureCheck::Stale:
        return "signed longer ago than pay-stripe.webhookToleranceSeconds (a replay?)";
    case SignatureCheck::Future:
        return "signed further ahead than pay-stripe.webhookToleranceSeconds (a clock off?)";
    }
    return "refused";
}

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

std::string signatureHeader(const std::vector<std::string>& secrets, const std::string& body,
                            std::int64_t timestamp)
{
    std::string header = "t=" + std::to_string(timestamp);
    for (const auto& secret : secrets)
        header += ",v1=" + hmacSha256Hex(secret, std::to_string(timestamp) + "." + body);
    return header;
}

} // namespace molar::paystripe
