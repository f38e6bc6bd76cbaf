#pragma once

#include <cstdint>
#include <string>

namespace molar::cases {

// Case numbers like TR-260512-1A4F: the configured prefix, the lab's local date of
// submission, and four random hexadecimal digits. Uniqueness comes from the
// database's unique index; the caller draws again on a collision.
std::string makeCaseNumber(const std::string& prefix, const std::string& yymmdd);
// Whether `text` has the shape of a case number with `prefix`.
bool looksLikeCaseNumber(const std::string& prefix, const std::string& text);

} // namespace molar::cases
