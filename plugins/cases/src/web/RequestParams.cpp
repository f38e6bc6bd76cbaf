#include "web/RequestParams.h"

#include "CaseCaller.h"

#include <date/tz.h>

#include <sstream>

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
    std::istringstream in(date);
    date::local_days day;
    in >> date::parse("%Y-%m-%d", day);
    if (in.fail() || date.size() != 10) {
        valid = false;
        return 0;
    }
    try {
        const auto* tz = date::locate_zone(zone);
        const auto utc = tz->to_sys(date::local_seconds(day), date::choose::earliest);
        return std::chrono::duration_cast<std::chrono::seconds>(utc.time_since_epoch()).count();
    } catch (const std::exception&) {
        valid = false;
        return 0;
    }
}

} // namespace molar::cases
