#pragma once

#include "store/Warranty.h"
#include "web/Words.h"

#include "molar/sdk/Plugin.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace molar::warranty {

// Who is looking at a warranty page, in their words. As with cases: a clinic's owners and
// staff read their organization's warranties, a dentist those of their own cases; the
// lab reads every one; only a lab admin voids.
class Viewer
{
public:
    Viewer(sdk::Host& host, const sdk::Request& request);

    bool isLab() const { return _lab; }
    bool isLabAdmin() const { return _lab && _role == "admin"; }
    bool isLabLead() const { return _lab && _role == "lead"; }
    // 0 for the lab and for visitors.
    std::int64_t organization() const { return _organizationId; }
    // The dentist whose warranties alone the viewer reads; 0 when not limited to one.
    std::int64_t onlyDentist() const { return _organizationId != 0 && _role == "dentist" ? _userId : 0; }
    bool mayRead(const Warranty& warranty) const;

    const std::string& language() const { return _words.language(); }
    std::string t(const std::string& key) const { return _words.t(key); }
    std::string t(const std::string& key,
                  const std::vector<std::pair<std::string, std::string>>& values) const
    {
        return _words.t(key, values);
    }
    std::string day(const std::string& isoDay) const { return _words.day(isoDay); }
    std::string restoration(const Warranty& warranty) const { return _words.restoration(warranty); }
    // The viewer's day (their time zone, else the lab's) at an instant (epoch ms).
    std::string dayOf(std::int64_t instantMs) const;

private:
    Words _words;
    bool _lab = false;
    std::string _role;
    std::int64_t _userId = 0;
    std::int64_t _organizationId = 0;
    std::string _timeZone;
};

// Digits only, at most 18: an id; 0 for anything else.
std::int64_t idFrom(const std::string& text);

} // namespace molar::warranty
