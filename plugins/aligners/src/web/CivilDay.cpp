#include "web/CivilDay.h"

namespace molar::aligners {

std::string civilDay(const Viewer& viewer, const date::year_month_day& day)
{
    return viewer.civilDay(static_cast<int>(day.year()), static_cast<unsigned>(day.month()),
                           static_cast<unsigned>(day.day()));
}

} // namespace molar::aligners
