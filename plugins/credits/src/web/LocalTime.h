#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace molar::credits {

// Instants (UTC epoch milliseconds) as a viewer reads them in an IANA time zone, and the
// days a viewer types back. An unknown or empty zone counts as UTC.
namespace LocalTime {

// "2026-05-12 09:00".
std::string dateTime(std::int64_t utcMillis, const std::string& timeZone);
// "2026-05-12".
std::string date(std::int64_t utcMillis, const std::string& timeZone);
// The first instant of a "YYYY-MM-DD" day in the zone (a midnight a clock change skips:
// the day's earliest instant); nothing for text that is no such day.
std::optional<std::int64_t> startOfDay(const std::string& day, const std::string& timeZone);
// The first instant of the day after it: the end of a range that includes the day.
std::optional<std::int64_t> endOfDay(const std::string& day, const std::string& timeZone);

} // namespace LocalTime

} // namespace molar::credits
