#pragma once

#include "molar/sdk/Locale.h"

#include <memory>
#include <string>

namespace molar::host {

// The host's Locales: ICU's formatters and CLDR's data behind the SDK's interface.
// Formatters are built once per language (and zone, and currency) and kept: number
// formatters are shared, date formatters are kept per thread (ICU's are not thread-safe).
class IcuLocales : public sdk::Locales
{
public:
    // `labTimeZone`: the zone of visitors who are not signed in (Host::timeZone()).
    explicit IcuLocales(std::string labTimeZone);
    ~IcuLocales() override;

    sdk::Viewer viewerOf(const sdk::Request& request) override;
    std::string date(std::int64_t utcMillis, const sdk::Viewer& viewer, sdk::DateStyle style) override;
    std::string dateTime(std::int64_t utcMillis, const sdk::Viewer& viewer, sdk::DateStyle style) override;
    std::string day(int year, int month, int dayOfMonth, const std::string& language,
                    sdk::DateStyle style) override;
    std::string month(int year, int month, const std::string& language) override;
    std::string number(std::int64_t value, const std::string& language) override;
    std::string percent(double ratio, const std::string& language) override;
    std::string money(const sdk::Money& amount, const std::string& language) override;
    std::string format(const std::string& pattern, const std::string& language,
                       const sdk::Value& arguments) override;
    std::string nativeName(const std::string& language) override;
    bool rightToLeft(const std::string& language) override;
    std::string bestLanguage(const std::string& acceptLanguage, const std::vector<std::string>& supported,
                             const std::string& fallback) override;

private:
    struct Cache;
    std::string _labTimeZone;
    std::unique_ptr<Cache> _cache;
};

// The process's formatters for work that depends on no viewer's zone: catalog messages,
// language names, direction, Accept-Language. Built on first use; thread-safe.
sdk::Locales& languageData();

// True when `text` holds an ICU argument with a type ({n, plural, ...}, {x, select, ...},
// {n, number}): a catalog message to format with Locales::format rather than Mustache.
bool isIcuMessage(const std::string& text);

// The names of the arguments an ICU message uses, each once, in order of appearance;
// empty for a pattern that does not parse.
std::vector<std::string> icuArgumentNames(const std::string& pattern);

} // namespace molar::host
