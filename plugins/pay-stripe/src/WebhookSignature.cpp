#include "WebhookSignature.h"

#include "molar/sdk/Signatures.h"

namespace molar::paystripe {

namespace {

std::string trim(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos)
        return "";
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
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
    for (const auto& secret : secrets) {
        if (secret.empty())
            continue;
        const std::string expected = sdk::hmacSha256Hex(secret, payload);
        for (const auto& v1 : parsed->v1)
            if (sdk::sameHexDigest(expected, v1))
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

std::string signatureHeader(const std::vector<std::string>& secrets, const std::string& body,
                            std::int64_t timestamp)
{
    std::string header = "t=" + std::to_string(timestamp);
    for (const auto& secret : secrets)
        header += ",v1=" + sdk::hmacSha256Hex(secret, std::to_string(timestamp) + "." + body);
    return header;
}

} // namespace molar::paystripe
