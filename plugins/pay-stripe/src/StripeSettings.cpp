#include "StripeSettings.h"

#include "molar/sdk/Errors.h"
#include "molar/sdk/Money.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <cctype>
#include <fstream>
#include <iterator>

namespace molar::paystripe {

namespace {

// What a ConfigError shows instead of a secret's value.
const char* const hidden = "(hidden)";

std::string trim(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return "";
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

bool startsWith(const std::string& text, const std::string& prefix)
{
    return text.compare(0, prefix.size(), prefix) == 0;
}

std::string readApiBase(sdk::Config& config)
{
    std::string url = trim(config.getString("apiBase", "https://api.stripe.com"));
    while (!url.empty() && url.back() == '/')
        url.pop_back();
    const std::string allowed =
        "an http:// or https:// URL without a query, e.g. https://api.stripe.com (the fake in tests: "
        "http://127.0.0.1:<port>)";
    try {
        Poco::URI uri(url);
        if ((uri.getScheme() != "https" && uri.getScheme() != "http") || uri.getHost().empty() ||
            !uri.getRawQuery().empty() || !uri.getFragment().empty())
            throw sdk::ConfigError("apiBase", url, allowed);
    } catch (const Poco::Exception&) {
        throw sdk::ConfigError("apiBase", url, allowed);
    }
    return url;
}

// The key comes from its own setting (often the environment) or from a file only the
// service user can read; both at once is a mistake worth stopping for.
std::string readSecretKey(sdk::Config& config)
{
    std::string key = trim(config.getString("secretKey", ""));
    const std::string path = trim(config.getString("secretKeyFile", ""));
    if (!path.empty()) {
        if (!key.empty())
            throw sdk::ConfigError("secretKeyFile", path, "empty when secretKey is set (use one of them)");
        std::ifstream in(path, std::ios::binary);
        if (!in)
            throw sdk::ConfigError("secretKeyFile", path,
                                   "a file the service user can read, holding the Stripe secret key");
        key = trim(std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()));
        if (key.empty())
            throw sdk::ConfigError("secretKeyFile", path,
                                   "a file holding the Stripe secret key (it is empty)");
    }
    const std::string allowed =
        "Stripe's secret key (sk_live_..., sk_test_...) or a restricted key (rk_...), from the dashboard's "
        "Developers > API keys; set MOLAR_PAY_STRIPE_SECRETKEY or secretKeyFile";
    if (key.empty())
        throw sdk::ConfigError("secretKey", "", allowed);
    const bool known = startsWith(key, "sk_live_") || startsWith(key, "sk_test_") ||
                       startsWith(key, "rk_live_") || startsWith(key, "rk_test_");
    bool plain = true;
    for (char c : key)
        plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
    if (!known || !plain)
        throw sdk::ConfigError("secretKey", hidden, allowed);
    return key;
}

std::string readApiVersion(sdk::Config& config)
{
    const std::string version = trim(config.getString("apiVersion", "2025-04-30.basil"));
    // YYYY-MM-DD, optionally followed by the release's name: 2025-04-30.basil.
    bool ok = version.size() >= 10;
    for (std::size_t i = 0; ok && i < 10; ++i)
        ok = (i == 4 || i == 7) ? version[i] == '-'
                                : std::isdigit(static_cast<unsigned char>(version[i])) != 0;
    if (ok && version.size() > 10) {
        ok = version[10] == '.' && version.size() > 11;
        for (std::size_t i = 11; ok && i < version.size(); ++i)
            ok = std::islower(static_cast<unsigned char>(version[i])) != 0;
    }
    if (!ok)
        throw sdk::ConfigError("apiVersion", version,
                               "a Stripe API version, e.g. 2025-04-30.basil (the webhook endpoint's too)");
    return version;
}

std::vector<std::string> readWebhookSecrets(sdk::Config& config)
{
    const auto secrets = config.getList("webhookSecrets", {});
    const std::string allowed =
        "at most two webhook signing secrets (whsec_...), comma separated: the endpoint's secret, and while "
        "rolling it the old one beside the new";
    if (secrets.size() > 2)
        throw sdk::ConfigError("webhookSecrets", hidden, allowed);
    for (const auto& secret : secrets)
        if (!startsWith(secret, "whsec_") || secret.size() < 10 ||
            secret.find_first_of(" \t\r\n") != std::string::npos)
            throw sdk::ConfigError("webhookSecrets", hidden, allowed);
    return secrets;
}

std::vector<std::string> readCurrencies(sdk::Config& config)
{
    std::vector<std::string> out;
    for (const auto& item : config.getList("currencies", {})) {
        std::string code;
        for (char c : item)
            code += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        try {
            sdk::currencyMinorDigits(code);
        } catch (const std::invalid_argument&) {
            throw sdk::ConfigError("currencies", item,
                                   "ISO 4217 currency codes, comma separated, e.g. QAR, USD");
        }
        out.push_back(code);
    }
    return out;
}

} // namespace

StripeSettings readStripeSettings(sdk::Config& config)
{
    StripeSettings s;
    s.apiBase = readApiBase(config);
    s.secretKey = readSecretKey(config);
    s.apiVersion = readApiVersion(config);
    s.webhookSecrets = readWebhookSecrets(config);
    s.webhookToleranceSeconds = static_cast<int>(config.getInt("webhookToleranceSeconds", 300, 1, 3600));
    s.timeoutSeconds = static_cast<int>(config.getInt("timeoutSeconds", 20, 1, 300));
    s.currencies = readCurrencies(config);
    return s;
}

} // namespace molar::paystripe
