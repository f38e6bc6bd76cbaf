#include "config/TimeZones.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

namespace molar::host {

namespace {

const char* SYSTEM_FOLDER = "/usr/share/zoneinfo";

} // namespace

TimeZones TimeZones::fromTable(std::istream& table)
{
    // Region/City or Region/Country/City: nothing a path or a page could misread.
    static const std::regex name("^[A-Z][A-Za-z]+(/[A-Za-z0-9_+-]+){1,2}$");
    TimeZones zones;
    std::string line;
    while (std::getline(table, line)) {
        if (line.empty() || line[0] == '#')
            continue;
        std::istringstream fields(line);
        std::string codes, coordinates, zone;
        if (std::getline(fields, codes, '\t') && std::getline(fields, coordinates, '\t') &&
            std::getline(fields, zone, '\t')) {
            if (!zone.empty() && zone.back() == '\r')
                zone.pop_back();
            if (std::regex_match(zone, name))
                zones._names.insert(zone);
        }
    }
    return zones;
}

TimeZones TimeZones::fromFolder(const std::string& folder)
{
    for (const char* file : {"zone.tab", "zone1970.tab"}) {
        const std::string path = folder + "/" + file;
        std::ifstream in(path);
        if (!in)
            continue;
        TimeZones zones = fromTable(in);
        zones._source = path;
        return zones;
    }
    return TimeZones();
}

const TimeZones& TimeZones::system()
{
    static const TimeZones zones = fromFolder(SYSTEM_FOLDER);
    return zones;
}

std::vector<TimeZones::Region> TimeZones::regions() const
{
    std::map<std::string, std::vector<std::string>> byRegion;
    for (const auto& zone : _names) {
        const auto slash = zone.find('/');
        if (slash != std::string::npos)
            byRegion[zone.substr(0, slash)].push_back(zone);
    }
    std::vector<Region> out;
    for (auto& [region, zones] : byRegion) {
        std::sort(zones.begin(), zones.end(),
                  [](const std::string& a, const std::string& b) { return zoneLabel(a) < zoneLabel(b); });
        out.push_back(Region{region, std::move(zones)});
    }
    return out;
}

std::string zoneLabel(const std::string& zone)
{
    const auto slash = zone.find('/');
    std::string label;
    for (char c : slash == std::string::npos ? zone : zone.substr(slash + 1)) {
        if (c == '_')
            label += ' ';
        else if (c == '/')
            label += " / ";
        else
            label += c;
    }
    return label;
}

} // namespace molar::host
