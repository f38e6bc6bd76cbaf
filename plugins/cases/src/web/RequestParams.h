#pragma once

#include "molar/sdk/Http.h"

#include <cstdint>
#include <string>

namespace molar::cases {

// The `{id}` of a case route; CaseRefusal(404) when it is not a number.
std::int64_t caseIdParam(const sdk::Request& request, const std::string& name = "id");
// A local date "YYYY-MM-DD" at midnight in `zone`, as Unix seconds; 0 when empty
// or malformed (`valid` is then false unless the text was empty).
std::int64_t localDateToUtc(const std::string& date, const std::string& zone, bool& valid);
// Where that local day ends: the first instant of the next one (23 or 25 hours after
// its start on a day the clocks change); 0 and `valid` as localDateToUtc.
std::int64_t localDayEndToUtc(const std::string& date, const std::string& zone, bool& valid);

// A list page's position: "<updatedAt>.<id>" of the last row shown.
std::string formatCursor(std::int64_t updatedAt, std::int64_t id);
// Reads it back; false when malformed.
bool parseCursor(const std::string& text, std::int64_t& updatedAt, std::int64_t& id);

} // namespace molar::cases
