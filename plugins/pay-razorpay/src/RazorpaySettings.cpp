#include "RazorpaySettings.h"

#include "molar/sdk/Errors.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>

namespace molar::payrazorpay {

namespace {

const char* const hidden = "(hidden)";

std::string trim(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return "";
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

bool hasSpace(const std::string& text)
{
    return std::any_of(text.begin(), text.end(),
                       [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
}

// A secret from its key (often set through the environment) or from a file only the
// service user can read; both at once is a mistake worth stopping for.
std::string readSecret(sdk::Config& config, const std::string& key, const std::string& what)
{
    const std::string value = trim(config.getString(key, ""));
    const std::string fileKey = key + "File";
    const std::string path = trim(config.getString(fileKey, ""));
    if (path.empty())
        return value;
    if (!value.empty())
        throw sdk::ConfigError(fileKey, path, "empty when " + key + " is set (use one of them)");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw sdk::ConfigError(fileKey, path, "a file the service user can read, holding the " + what);
    const std::string secret =
        trim(std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()));
    if (secret.empty())
        throw sdk::ConfigError(fileKey, path, "a file holding the " + what + " (this one is empty)");
    return secret;
}

std::vector<std::string> splitList(const std::string& text)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto comma = text.find(',', start);
        const std::string item =
            trim(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (!item.empty())
            out.push_back(item);
        if (comma == std::string::npos)
            break;
        start = comma + 1;
    }
    return out;
}

std::string readUrl(sdk::Config& config, const std::string& key, const std::string& fallback,
                    const std::string& allowed, bool pathAllowed)
{
    std::string url = trim(config.getString(key, fallback));
    while (!pathAllowed && !url.empty() && url.back() == '/')
        url.pop_back();
    try {
        Poco::URI uri(url);
        const bool plain = uri.getScheme() == "http" || uri.getScheme() == "https";
        if (!plain || uri.getHost().empty() || !uri.getUserInfo().empty() || !uri.getRawQuery().empty() ||
            !uri.getFragment().empty() || (!pathAllowed && !uri.getPath().empty()))
            throw sdk::ConfigError(key, url, allowed);
    } catch (const Poco::Exception&) {
        throw sdk::ConfigError(key, url, allowed);
    }
    return url;
}

bool isKeyId(const std::string& text)
{
    for (const char* prefix : {"rzp_test_", "rzp_live_"})
        if (text.rfind(prefix, 0) == 0 && text.size() > std::string(prefix).size())
            return std::all_of(text.begin(), text.end(), [](char c) {
                return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
            });
    return false;
}

} // namespace

std::string originOf(const std::string& url)
{
    try {
        Poco::URI uri(url);
        if ((uri.getScheme() != "http" && uri.getScheme() != "https") || uri.getHost().empty())
            return "";
        std::string origin = uri.getScheme() + "://" + uri.getHost();
        const bool defaultPort = (uri.getScheme() == "https" && uri.getPort() == 443) ||
                                 (uri.getScheme() == "http" && uri.getPort() == 80);
        if (!defaultPort)
            origin += ":" + std::to_string(uri.getPort());
        return origin;
    } catch (const Poco::Exception&) {
        return "";
    }
}

RazorpaySettings readRazorpaySettings(sdk::Config& config)
{
    RazorpaySettings s;
    s.apiBase = readUrl(config, "apiBase", "https://api.razorpay.com",
                        "Razorpay's API without a path, e.g. https://api.razorpay.com", false);

    s.keyId = trim(config.getString("keyId", ""));
    if (!isKeyId(s.keyId))
        throw sdk::ConfigError("keyId", s.keyId,
                               "the Key Id from Razorpay's dashboard (Account & Settings > API Keys), "
                               "rzp_test_… or rzp_live_…");

    s.keySecret = readSecret(config, "keySecret", "Key Secret");
    if (s.keySecret.empty() || hasSpace(s.keySecret))
        throw sdk::ConfigError("keySecret", s.keySecret.empty() ? "" : hidden,
                               "the Key Secret shown with the Key Id, without spaces (or keySecretFile)");

    std::string secrets = trim(config.getString("webhookSecrets", ""));
    const std::string secretsFile = trim(config.getString("webhookSecretsFile", ""));
    if (!secretsFile.empty()) {
        if (!secrets.empty())
            throw sdk::ConfigError("webhookSecretsFile", secretsFile,
                                   "empty when webhookSecrets is set (use one of them)");
        std::ifstream in(secretsFile, std::ios::binary);
        if (!in)
            throw sdk::ConfigError("webhookSecretsFile", secretsFile,
                                   "a file the service user can read, holding the webhook secrets");
        secrets = std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    }
    s.webhookSecrets = splitList(secrets);
    if (s.webhookSecrets.size() > 2)
        throw sdk::ConfigError("webhookSecrets", hidden,
                               "one webhook secret, or two while changing it, separated by a comma");
    for (const auto& secret : s.webhookSecrets)
        if (hasSpace(secret))
            throw sdk::ConfigError("webhookSecrets", hidden, "secrets without spaces inside");

    s.checkoutScript = readUrl(config, "checkoutScript", "https://checkout.razorpay.com/v1/checkout.js",
                               "the URL of Razorpay's Checkout script, e.g. "
                               "https://checkout.razorpay.com/v1/checkout.js",
                               true);

    for (const auto& code : config.getList("currencies", {"INR"})) {
        const bool iso = code.size() == 3 &&
                         std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
        if (!iso)
            throw sdk::ConfigError("currencies", code, "ISO 4217 codes in capitals, e.g. INR");
        s.currencies.push_back(code);
    }
    if (s.currencies.empty())
        throw sdk::ConfigError("currencies", "", "at least one currency, e.g. INR");

    s.timeoutSeconds = static_cast<int>(config.getInt("timeoutSeconds", 20, 1, 120));
    s.webhookToleranceSeconds = config.getInt("webhookToleranceSeconds", 8 * 24 * 3600, 60, 30 * 24 * 3600);
    return s;
}

} // namespace molar::payrazorpay
