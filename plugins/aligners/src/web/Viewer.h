#pragma once

#include "plans/PlanCaller.h"

#include "molar/sdk/Plugin.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace molar::aligners {

// Who looks at an aligner page, and the page's words, days and amounts in their
// language and time zone (their own, else the lab's; visitors get the lab's).
class Viewer
{
public:
    Viewer(sdk::Host& host, const sdk::Request& request);

    const PlanCaller& caller() const { return _caller; }
    const std::string& language() const { return _viewer.language; }
    std::string t(const std::string& key) const;
    // The message with each "{name}" replaced.
    std::string t(const std::string& key,
                  const std::vector<std::pair<std::string, std::string>>& values) const;
    // An instant in the viewer's language and zone: "May 12, 2026 at 2:05 PM" in English.
    std::string dayAndTime(std::int64_t instantMs) const;
    // The viewer's day at an instant: "May 12, 2026".
    std::string day(std::int64_t instantMs) const;
    // A day of the lab's calendar (an expiry): "May 12, 2027".
    std::string civilDay(int year, unsigned month, unsigned dayOfMonth) const;
    // "QAR 5,900.00", "‏٥٬٩٠٠٫٠٠ ر.ق.‏".
    std::string money(std::int64_t minor, const std::string& currency) const;

private:
    sdk::Views& _views;
    sdk::Locales& _locales;
    PlanCaller _caller;
    sdk::Viewer _viewer; // language, and the user's zone or the lab's (Locales::viewerOf)
};

// A route's id segment: digits only, at most 18; 0 for anything else.
std::int64_t idFromPath(const std::string& text);

} // namespace molar::aligners
