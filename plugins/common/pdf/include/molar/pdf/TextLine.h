#pragma once

#include "molar/pdf/EmbeddedFont.h"

#include <hpdf.h>

#include <string>
#include <vector>

namespace molar::pdf {

// A line of text ready to be shown: in the order it is drawn, its glyphs marked for
// embedding, and its width in points at the size it was fitted for.
struct TextLine
{
    std::string visual;
    float width = 0;
};

// Sets `font` at `size` on the page and prepares one line of `logical` text for it, cut with
// an ellipsis to `maxWidth` when that is above zero. On a right-to-left document, text
// without right-to-left letters (a phone number, an IBAN) keeps its own order, as a
// browser's dir="auto" would.
TextLine fitLine(HPDF_Page page, const EmbeddedFont& font, float size, const std::string& logical,
                 bool rightToLeftDocument, float maxWidth = 0);

// Splits a paragraph at spaces into lines (still in logical order) no wider than `maxWidth`
// in `font` at `size`, which it sets on the page; a word wider than a line stays whole
// (fitLine cuts it).
std::vector<std::string> wrapWords(HPDF_Page page, const EmbeddedFont& font, float size,
                                   const std::string& logical, bool rightToLeftDocument, float maxWidth);

} // namespace molar::pdf
