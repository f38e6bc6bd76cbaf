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

// Whether the font draws every character of `utf8` as a reader expects: each has a glyph,
// and none belongs to a script whose letters join and reorder in ways only a shaping
// engine gets right (Devanagari, Bengali, Tamil, Malayalam and the other Indic scripts;
// Arabic is shaped by visualOrder). Invisible direction and joining marks count as drawn.
bool drawsAll(const EmbeddedFont& font, const std::string& utf8);

// Marks for embedding the glyphs of `visualUtf8` (text as drawn, see visualOrder) with every
// part of a composite glyph, however deep. Call it before the text is measured or shown.
void markGlyphs(const EmbeddedFont& font, const std::string& visualUtf8);

} // namespace molar::pdf
