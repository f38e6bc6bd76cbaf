#pragma once

#include <istream>
#include <set>
#include <string>
#include <vector>

namespace molar::host {

// The IANA time zones a user or the lab may choose: the zones of the system's tz
// database table (zone.tab, one line per country and zone, else zone1970.tab), plus
// UTC. Read once; a name outside the list is refused wherever a zone is set.
class TimeZones
{
public:
    struct Region
    {
        std::string name;               // "Asia", "America": the zones' first part
        std::vector<std::string> zones; // full names, sorted by their label
    };

    // The zones of a table: its third tab-separated column, comments skipped.
    static TimeZones fromTable(std::istream& table);
    // <folder>/zone.tab, else <folder>/zone1970.tab; only UTC when neither is there.
    static TimeZones fromFolder(const std::string& folder);
    // /usr/share/zoneinfo (Debian's tzdata), read on first use.
    static const TimeZones& system();

    bool contains(const std::string& zone) const { return _names.count(zone) > 0; }
    const std::set<std::string>& names() const { return _names; }
    // Every zone but UTC, grouped by region, regions in name order.
    std::vector<Region> regions() const;
    // The file the list came from, for error messages ("" when none was found).
    const std::string& source() const { return _source; }

private:
    std::set<std::string> _names{"UTC"};
    std::string _source;
};

// A zone as a person reads it within its region: "Argentina/Buenos_Aires" ->
// "Argentina / Buenos Aires".
std::string zoneLabel(const std::string& zone);

} // namespace molar::host
