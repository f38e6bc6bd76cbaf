#pragma once

#include <string>

namespace molar::pdf {

// Turns a line of text in logical order (as typed and stored) into the order a PDF draws
// it in, left to right: the Unicode bidirectional algorithm reorders right-to-left runs,
// and Arabic letters become their contextual presentation forms (initial, medial, final,
// isolated, lam-alef ligatures), since a PDF font draws one glyph per code point and
// does no shaping of its own. `rightToLeft` is the paragraph's base direction (the
// document's), which decides where neutral characters and numbers fall. UTF-8 in and out;
// malformed input is dropped character by character rather than refused.
std::string visualOrder(const std::string& logicalUtf8, bool rightToLeft);

// Whether the text holds a right-to-left letter (Arabic, Hebrew...).
bool hasRightToLeft(const std::string& utf8);

} // namespace molar::pdf
