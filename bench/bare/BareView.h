#pragma once

#include "BareCaseSetup.h"

#include <kainjow/mustache.hpp>
#include <unicode/datefmt.h>
#include <unicode/numberformatter.h>

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace molar::bench {

// What the bare pages share with molard's views: values as ViewEngine gives them to
// Mustache, dates as IcuLocales formats them, and the layout around every page.

using ViewData = kainjow::mustache::data;

// molard turns its view values into Mustache data so that an empty text is false.
ViewData viewText(const std::string& value);

// UTC seconds as a <time datetime> value, "2026-05-12T06:00Z"; "" for 0.
std::string utcStamp(std::int64_t utc);

// UTC seconds as a date and a short time in the format's zone; "" for 0.
std::string zonedTime(icu::DateFormat& format, std::int64_t utc);

// One thread's English date-and-time formats, one per zone (medium date, short time,
// as IcuLocales::dateTime). Not thread-safe.
class ZoneFormats
{
public:
    // Throws std::invalid_argument for a zone ICU does not know.
    icu::DateFormat& in(const std::string& zone);

private:
    std::unordered_map<std::string, std::unique_ptr<icu::DateFormat>> _formats;
};

// One thread's English currency formatters, one per currency: an amount in minor units
// as IcuLocales::money writes it ("QAR 1,234.50"). Not thread-safe.
class MoneyFormats
{
public:
    // Throws std::invalid_argument for a code that is no currency.
    std::string format(std::int64_t minor, const std::string& currency);

private:
    struct Currency
    {
        int digits;
        icu::number::LocalizedNumberFormatter formatter;
    };
    std::unordered_map<std::string, Currency> _currencies;
};

// Who the layout is drawn for and where: molard takes these from the session and the route.
struct LayoutViewer
{
    std::string path;       // the page's route, which picks the current menu link
    std::string returnPath; // the page's address with its query, for the language form
    std::string title;
    std::string userName;
    bool labAdmin = false;
    bool orgOwner = false;
    const std::vector<Named>* menu = nullptr; // href, label
};

// A fixed session token: molard puts the session's CSRF token in the layout's forms.
constexpr const char* BareCsrfToken = "5f1c0d2e8a7b4c3d9e6f5a4b3c2d1e0f5f1c0d2e8a7b4c3d9e6f5a4b3c2d1e0f";

// The data ViewEngine::renderPage gives templates/layout.mustache around `content`.
ViewData layoutData(const CaseListSetup& setup, const LayoutViewer& viewer, std::string content,
                    const std::string& requestId, std::int64_t now);

// The `t` lambda, for the {{#t}} the setup could not replace.
ViewData translator(const CaseListSetup& setup);

// The whole page as ViewEngine::renderPage makes it: `data` gains what every page's data
// has (CSRF token, path, language, and `t` where needed), `view` renders it, and the
// layout for `viewer` goes around it. `name` names the template in errors.
std::string renderPage(const CaseListSetup& setup, kainjow::mustache::mustache& view, ViewData& data,
                       kainjow::mustache::mustache& layout, const LayoutViewer& viewer,
                       const std::string& requestId, std::int64_t now, const char* name);

// Renders `data` into `out` with a template; throws with its error.
void renderInto(kainjow::mustache::mustache& view, ViewData& data, std::string& out, const char* name);

} // namespace molar::bench
