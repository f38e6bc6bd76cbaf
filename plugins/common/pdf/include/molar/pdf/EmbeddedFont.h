#pragma once

#include <hpdf.h>

#include <string>

namespace molar::pdf {

// A TrueType font embedded in one document and encoded as UTF-8: the font to draw with and
// its definition, which says what glyphs to embed. Both belong to the document.
struct EmbeddedFont
{
    HPDF_Font font = nullptr;
    HPDF_FontDef definition = nullptr;
};

// Loads a TrueType file into `document` (set up by PdfDocument for UTF-8). Only the glyphs
// drawn are embedded, so text must go through markGlyphs before it is drawn. On failure
// the font is null and the document's ErrorState says why.
EmbeddedFont embedTrueTypeFont(HPDF_Doc document, const std::string& file);

// Marks for embedding the glyphs of `visualUtf8` (text as drawn, see visualOrder) with every
// part of a composite glyph, however deep. Call it before the text is measured or shown.
void markGlyphs(const EmbeddedFont& font, const std::string& visualUtf8);

} // namespace molar::pdf
