#include "web/RequestParams.h"

#include "CaseCaller.h"

#include <date/tz.h>

#include <cstdio>

namespace molar::cases {

std::int64_t caseIdParam(const sdk::Request& request, const std::string& name)
{
    const std::string text = request.param(name);
    if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
        throw CaseRefusal(404, "cases.error.notFound");
    return std::stoll(text);
}

std::int64_t localDateToUtc(const std::string& date, const std::string& zone, bool& valid)
{
    valid = true;
    if (date.empty())
        return 0;
    int y = 0;
    unsigned m = 0, d = 0;
    char tail = 0;
    if (date.size() != 10 || std::sscanf(date.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3) {
        valid = false;
        return 0;
    }
    const date::year_month_day ymd{date::year{y}, date::month{m}, date::day{d}};
    if (!ymd.ok()) {
        valid = false;
        return 0;
    }
    const date::local_days day{ymd};
    try {
        const auto* tz = date::locate_zone(zone);
        const auto utc = tz->to_sys(date::local_seconds(day), date::choose::earliest);
        return std::chrono::duration_cast<std::chrono::seconds>(utc.time_since_epoch()).count();
    } catch (const std::exception&) {
        valid = false;
        return 0;
    }
}

std::string formatCursor(std::int64_t updatedAt, std::int64_t id)
{
    return std::to_string(updatedAt) + "." + std::to_string(id);
}

bool parseCursor(const std::string& text, std::int64_t& updatedAt, std::int64_t& id)
{
    const auto dot = text.find('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == text.size() || text.size() > 40 ||
        text.find_first_not_of("0123456789.") != std::string::npos)
        return false;
    try {
        updatedAt = std::stoll(text.substr(0, dot));
        id = std::stoll(text.substr(dot + 1));
    } catch (const std::exception&) {
        return false; // out of range
    }
    return true;
}

} // namespace molar::cases
