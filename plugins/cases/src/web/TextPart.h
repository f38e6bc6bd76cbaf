#pragma once

#include <cstddef>
#include <istream>
#include <string>

namespace molar::cases {

// Reads a form's text part of at most `maxBytes` bytes, consuming no more than
// maxBytes + 1 of them (the rest of the part is skipped by the multipart reader
// without being held). Throws CaseRefusal(413, `tooLong`) when the part is longer.
std::string readTextPart(std::istream& in, std::size_t maxBytes, const std::string& tooLong);

// How many characters the UTF-8 text holds (continuation bytes are not counted).
std::size_t countCharacters(const std::string& text);

} // namespace molar::cases
