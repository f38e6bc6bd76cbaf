#include "web/CivilDay.h"

namespace molar::aligners {

std::string civilDay(const Viewer& viewer, const date::year_month_day& day)
{
    return viewer.t("aligners.day", {{"day", std::to_string(static_cast<unsigned>(day.day()))},
                                     {"month", viewer.t("aligners.month." +
                                                        std::to_string(static_cast<unsigned>(day.month())))},
                                     {"year", std::to_string(static_cast<int>(day.year()))}});
}

} // namespace molar::aligners
