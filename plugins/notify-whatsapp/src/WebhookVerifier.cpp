#include "WebhookVerifier.h"

#include <openssl/crypto.h>

namespace molar::whatsapp {

bool signatureMatches(const std::string& appSecret, const std::string& rawBody, const std::string& header)
{
    const std::string prefix = "sha256=";
    if (appSecret.empty() || header.compare(0, prefix.size(), prefix) != 0)
        return false;
    return sdk::sameHexDigest(sdk::hmacSha256Hex(appSecret, rawBody), header.substr(prefix.size()));
}

bool subscriptionMatches(const std::string& verifyToken, const std::string& mode, const std::string& token)
{
    return !verifyToken.empty() && mode == "subscribe" && token.size() == verifyToken.size() &&
           CRYPTO_memcmp(token.data(), verifyToken.data(), token.size()) == 0;
}

} // namespace molar::whatsapp
