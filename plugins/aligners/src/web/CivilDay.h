#pragma once

#include "web/Viewer.h"

#include <date/date.h>

#include <string>

namespace molar::aligners {

// A civil date (an expiry, in the lab's calendar) in the viewer's language: "May 12, 2027".
std::string civilDay(const Viewer& viewer, const date::year_month_day& day);

} // namespace molar::aligners
