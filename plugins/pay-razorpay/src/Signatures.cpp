#include "Signatures.h"

namespace molar::payrazorpay {

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
