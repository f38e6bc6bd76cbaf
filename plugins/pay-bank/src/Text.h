#pragma once

#include <cstddef>
#include <string>

namespace molar::paybank {

// Whether `text` is well-formed UTF-8 (no stray continuation bytes, overlong forms,
// surrogates or code points past U+10FFFF).
bool isValidUtf8(const std::string& text);

// How many characters the UTF-8 text holds (continuation bytes are not counted).
std::size_t countCharacters(const std::string& text);

// The text's first `characters` characters, never cutting one in two: the columns
// count characters (MySQL's VARCHAR in utf8mb4), not bytes.
std::string clipCharacters(const std::string& text, std::size_t characters);

} // namespace molar::paybank
