#pragma once

#include <cstdint>
#include <string>

namespace molar::billing {

// "2026-05-12 09:05": epoch seconds as a minute in `timeZone` (IANA name); UTC for an
// unknown zone.
std::string formatQuoteTime(std::int64_t utcSeconds, const std::string& timeZone);

} // namespace molar::billing
