#pragma once

#include "molar/sdk/Export.h"
#include "molar/sdk/Money.h"
#include "molar/sdk/Value.h"

#include <cstdint>
#include <string>
#include <vector>

namespace molar::sdk {

class Request;

// Since SDK 1.10. Who reads a page or a message: a language tag ("en", "ar", "pt-BR",
// "zh-Hans") and an IANA time zone ("Asia/Qatar").
struct Viewer
{
    std::string language = "en";
    std::string timeZone = "UTC";
};

// How much of a date to show: Short "03/12/2026", Medium "3 Dec 2026", Long "3 December
// 2026", Full "Thursday, 3 December 2026" (English; every language has its own forms).
enum class DateStyle
{
    Short,
    Medium,
    Long,
    Full
};

// Since SDK 1.10. Dates, numbers, money and messages in the reader's language, with the
// locale data of ICU (CLDR): a plugin never formats them by hand. Every call takes the
// language as negotiated by the host (Request::language()) and falls back to English
// for one it does not know.
//
// Ownership: host owns; valid until Plugin::stop() returns. Thread-safe.
class MOLAR_SDK_API Locales
{
public:
    virtual ~Locales();
    Locales() = default;
    Locales(const Locales&) = delete; // interfaces are never copied or moved
    Locales& operator=(const Locales&) = delete;

    // The viewer of `request`: its language, and the signed-in user's time zone or the
    // lab's (Host::timeZone()) for a visitor.
    virtual Viewer viewerOf(const Request& request) = 0;

    // An instant (milliseconds since 1970 UTC) as a date, or a date and a time (hours and
    // minutes), in the viewer's language and time zone.
    virtual std::string date(std::int64_t utcMillis, const Viewer& viewer,
                             DateStyle style = DateStyle::Medium) = 0;
    virtual std::string dateTime(std::int64_t utcMillis, const Viewer& viewer,
                                 DateStyle style = DateStyle::Medium) = 0;
    // A day of the calendar that belongs to no time zone (a due date, a date of birth):
    // year, month 1-12, day 1-31. Throws std::invalid_argument for a day that does not exist.
    virtual std::string day(int year, int month, int dayOfMonth, const std::string& language,
                            DateStyle style = DateStyle::Medium) = 0;
    // A month of the calendar, month 1-12, with its year: "December 2026", "ديسمبر ٢٠٢٦".
    // Throws std::invalid_argument for a month that does not exist.
    virtual std::string month(int year, int month, const std::string& language) = 0;

    // A whole number with the language's digits and grouping: 1234567 is "1,234,567" in
    // English, "12,34,567" in Hindi, "١٬٢٣٤٬٥٦٧" in Arabic.
    virtual std::string number(std::int64_t value, const std::string& language) = 0;
    // A share (0.25) as a percentage: "25%", "٪٢٥".
    virtual std::string percent(double ratio, const std::string& language) = 0;
    // An amount with its currency, in the currency's own minor digits: 3250 KWD is
    // "KWD 3.250" in English and "‏٣٫٢٥٠ د.ك.‏" in Arabic; 1250 JPY is "¥1,250".
    virtual std::string money(const Money& amount, const std::string& language) = 0;

    // An ICU MessageFormat pattern with named arguments from `arguments` (an object):
    // "{count, plural, one {# case} other {# cases}}", "{side, select, lab {...} other
    // {...}}", "{name}". Numbers are formatted for the language. Throws
    // std::invalid_argument for a pattern that does not parse.
    virtual std::string format(const std::string& pattern, const std::string& language,
                               const Value& arguments) = 0;

    // The language's name in itself, as a picker shows it: "العربية", "हिन्दी",
    // "Português (Brasil)".
    virtual std::string nativeName(const std::string& language) = 0;
    // True for languages written right to left (Arabic, Urdu, Persian, Hebrew...).
    virtual bool rightToLeft(const std::string& language) = 0;
    // The tag of `supported` that best serves an Accept-Language header's ranges, by
    // language, script and region ("pt-PT" gets "pt-BR" before "es"; "zh-TW" does not
    // get "zh-Hans"); `fallback` when none does.
    virtual std::string bestLanguage(const std::string& acceptLanguage,
                                     const std::vector<std::string>& supported,
                                     const std::string& fallback) = 0;
};

} // namespace molar::sdk
