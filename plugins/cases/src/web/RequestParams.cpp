#include "web/RequestParams.h"

#include "CaseCaller.h"

#include <date/tz.h>

#include <cstdio>

namespace molar::cases {

namespace {

// "YYYY-MM-DD" with digits alone: sscanf's numbers would also take a sign or blanks.
bool isIsoDate(const std::string& text)
{
    if (text.size() != 10 || text[4] != '-' || text[7] != '-')
        return false;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (text[i] < '0' || text[i] > '9')
            return false;
    return true;
}

// The first instant of the local day `daysLater` days after `date` in `zone`: its
// midnight, or when the clocks skip midnight, the moment they resume.
std::int64_t localDayStartToUtc(const std::string& date, const std::string& zone, int daysLater, bool& valid)
{
    valid = true;
    if (date.empty())
        return 0;
    int y = 0;
    unsigned m = 0, d = 0;
    if (!isIsoDate(date) || std::sscanf(date.c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3) {
        valid = false;
        return 0;
    }
    const date::year_month_day ymd{date::year{y}, date::month{m}, date::day{d}};
    if (!ymd.ok()) {
        valid = false;
        return 0;
    }
    const date::local_days day = date::local_days{ymd} + date::days{daysLater};
    try {
        const auto* tz = date::locate_zone(zone);
        const auto utc = tz->to_sys(date::local_seconds(day), date::choose::earliest);
        return std::chrono::duration_cast<std::chrono::seconds>(utc.time_since_epoch()).count();
    } catch (const std::exception&) {
        valid = false;
        return 0;
    }
}

} // namespace

std::int64_t caseIdParam(const sdk::Request& request, const std::string& name)
{
    const std::string text = request.param(name);
    if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
        throw CaseRefusal(404, "cases.error.notFound");
    return std::stoll(text);
}

std::int64_t localDateToUtc(const std::string& date, const std::string& zone, bool& valid)
{
    return localDayStartToUtc(date, zone, 0, valid);
}

std::int64_t localDayEndToUtc(const std::string& date, const std::string& zone, bool& valid)
{
    return localDayStartToUtc(date, zone, 1, valid);
}

std::string formatCursor(std::int64_t updatedAt, std::int64_t id)
{
    return std::to_string(updatedAt) + "." + std::to_string(id);
}

bool parseCursor(const std::string& text, std::int64_t& updatedAt, std::int64_t& id)
{
    const auto dot = text.find('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == text.size() || text.size() > 40 ||
        text.find('.', dot + 1) != std::string::npos ||
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
