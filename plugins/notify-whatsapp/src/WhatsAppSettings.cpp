#include "WhatsAppSettings.h"

#include "molar/sdk/Errors.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <fstream>
#include <iterator>

namespace molar::whatsapp {

namespace {

std::string trim(const std::string& text)
{
    auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return "";
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

bool isCode(const std::string& text)
{
    return !text.empty() &&
           text.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-") ==
               std::string::npos;
}

// A secret comes either from its key (often set through the environment) or from a
// file only the service user can read; both at once is a mistake worth stopping for.
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
    std::string secret =
        trim(std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()));
    if (secret.empty())
        throw sdk::ConfigError(fileKey, path, "a file holding the " + what + " (this one is empty)");
    return secret;
}

std::string readGraphUrl(sdk::Config& config)
{
    std::string url = trim(config.getString("graphUrl", "https://graph.facebook.com/v21.0"));
    while (!url.empty() && url.back() == '/')
        url.pop_back();
    const std::string allowed = "an http:// or https:// URL of the Graph API with its version, "
                                "e.g. https://graph.facebook.com/v21.0";
    try {
        Poco::URI uri(url);
        if ((uri.getScheme() != "https" && uri.getScheme() != "http") || uri.getHost().empty() ||
            !uri.getRawQuery().empty() || !uri.getFragment().empty())
            throw sdk::ConfigError("graphUrl", url, allowed);
    } catch (const Poco::Exception&) {
        throw sdk::ConfigError("graphUrl", url, allowed);
    }
    return url;
}

std::vector<std::pair<std::string, std::string>> readLanguages(sdk::Config& config)
{
    const std::string allowed = "a list of our-code:whatsapp-code pairs, e.g. en:en_US, ar:ar, fr:fr";
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& item : config.getList("languages", {"en:en_US", "ar:ar", "fr:fr"})) {
        auto colon = item.find(':');
        std::string ours = colon == std::string::npos ? "" : trim(item.substr(0, colon));
        std::string theirs = colon == std::string::npos ? "" : trim(item.substr(colon + 1));
        if (!isCode(ours) || !isCode(theirs))
            throw sdk::ConfigError("languages", item, allowed);
        out.emplace_back(ours, theirs);
    }
    if (out.empty())
        throw sdk::ConfigError("languages", "", allowed);
    return out;
}

} // namespace

const std::string& WhatsAppSettings::templateLanguage(const std::string& language) const
{
    for (const auto& [ours, theirs] : languages)
        if (ours == language)
            return theirs;
    return languages.front().second;
}

WhatsAppSettings readWhatsAppSettings(sdk::Config& config)
{
    WhatsAppSettings s;
    s.graphUrl = readGraphUrl(config);
    s.phoneNumberId = trim(config.getString("phoneNumberId", ""));
    if (s.phoneNumberId.empty() || s.phoneNumberId.find_first_not_of("0123456789") != std::string::npos)
        throw sdk::ConfigError("phoneNumberId", s.phoneNumberId,
                               "the Phone number ID of the lab's WhatsApp number (digits only), "
                               "from the WhatsApp > API Setup page of the Meta app");
    s.accessToken = readSecret(config, "accessToken", "access token");
    if (s.accessToken.empty())
        throw sdk::ConfigError(
            "accessToken", "",
            "a permanent access token of a system user with the whatsapp_business_messaging "
            "permission (set MOLAR_NOTIFY_WHATSAPP_ACCESSTOKEN or accessTokenFile)");
    s.appSecret = readSecret(config, "appSecret", "app secret");
    s.verifyToken = trim(config.getString("verifyToken", ""));
    s.timeoutSeconds = static_cast<int>(config.getInt("timeoutSeconds", 30, 1, 300));
    s.languages = readLanguages(config);
    return s;
}

} // namespace molar::whatsapp
