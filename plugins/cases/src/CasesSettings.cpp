#include "CasesSettings.h"

#include "molar/sdk/Errors.h"
#include "patient/PatientRules.h"

#include <algorithm>

namespace molar::cases {

CasesSettings readCasesSettings(sdk::Config& config)
{
    CasesSettings s;
    s.cases.numberPrefix = config.getString("numberPrefix", "TR");
    if (s.cases.numberPrefix.empty() || s.cases.numberPrefix.size() > 6 ||
        s.cases.numberPrefix.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos)
        throw sdk::ConfigError("numberPrefix", s.cases.numberPrefix, "1 to 6 capital letters A-Z");
    s.cases.patientNames = config.getBool("patientNames", false);
    for (const auto& code : config.getList("countries", {})) {
        if (!isCountryCode(code))
            throw sdk::ConfigError("countries", code, "ISO 3166-1 alpha-2 codes: two capital letters A-Z");
        if (std::find(s.cases.countries.begin(), s.cases.countries.end(), code) != s.cases.countries.end())
            throw sdk::ConfigError("countries", code, "each country once");
        s.cases.countries.push_back(code);
    }
    s.cases.privacyUrl = config.getString("privacy.url", "");
    const std::string& url = s.cases.privacyUrl;
    const bool absolute = url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0;
    const bool path = url.size() > 1 && url[0] == '/' && url[1] != '/';
    if (!url.empty() && ((!absolute && !path) || url.find_first_of(" \t\"'<>") != std::string::npos))
        throw sdk::ConfigError("privacy.url", url,
                               "an http(s) address or a path starting with /, without spaces");
    s.cases.privacyText = config.getString("privacy.text", "");
    if ((url.empty() || url == "/privacy") &&
        s.cases.privacyText.find_first_not_of(" \t\n") == std::string::npos)
        throw sdk::ConfigError("privacy.text", "",
                               "the privacy policy clinics accept: its text, or privacy.url");
    // privacy.text.<language>: the policy in another language; privacy.text otherwise.
    for (const auto& key : config.keys())
        if (key.rfind("privacy.text.", 0) == 0)
            s.cases.privacyTexts[key.substr(13)] = config.getString(key, "");
    const std::uint64_t megabyte = 1024 * 1024;
    s.intake.maxBytes =
        static_cast<std::uint64_t>(config.getInt("files.maxMegabytes", 200, 1, 4096)) * megabyte;
    s.intake.maxFilesPerRequest = static_cast<std::size_t>(config.getInt("files.maxPerRequest", 20, 1, 1000));
    s.cases.maxFilesPerCase = config.getInt("files.maxPerCase", 100, 1, 100000);
    InspectionLimits& inspection = s.intake.inspection;
    inspection.maxZipEntries =
        static_cast<std::uint64_t>(config.getInt("files.maxZipEntries", 200, 1, 100000));
    inspection.maxZipExpandedBytes =
        static_cast<std::uint64_t>(config.getInt("files.maxZipExpandedMegabytes", 1024, 1, 65536)) * megabyte;
    inspection.maxImagePixels =
        static_cast<std::uint64_t>(config.getInt("files.maxImageMegapixels", 64, 1, 1000)) * 1000 * 1000;
    s.trackerPerMinute = static_cast<int>(config.getInt("tracker.requestsPerMinute", 30, 1, 100000000));
    s.trackerVisibleDaysAfterDelivery =
        static_cast<int>(config.getInt("tracker.visibleDaysAfterDelivery", 30, 0, 3650));
    return s;
}

} // namespace molar::cases
