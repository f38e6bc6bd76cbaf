#pragma once

#include "files/ContentSample.h"

#include <string>
#include <string_view>
#include <vector>

namespace molar::cases {

// The lines of a sample that are seen whole: those of the head and, for text
// longer than the head, of the tail; a line cut by either edge is left out.
// Each line is trimmed of leading blanks and a trailing carriage return.
std::vector<std::string_view> wholeLines(const ContentSample& sample);

// The first word of a line: up to the first blank.
std::string_view firstWord(std::string_view line);

// The second word of a line, or nothing.
std::string_view secondWord(std::string_view line);

// True when `text`, ignoring case, begins with `prefix` (given in lower case).
bool startsWithNoCase(std::string_view text, std::string_view prefix);

// `text` in lower case (ASCII letters only).
std::string lowerCase(std::string_view text);

} // namespace molar::cases
