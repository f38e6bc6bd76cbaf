#include "molar/pdf/EmbeddedFont.h"

#include <hpdf_fontdef.h>

#include <cstdint>
#include <vector>

namespace molar::pdf {

namespace {

// libharu embeds only the glyphs a document uses, and follows a composite glyph's parts one
// level down only: DejaVu's Arabic presentation forms (initial teh, qaf, lam-alef with
// hamza...) are composites of composites, and came out without their dots or bodies. So
// each character drawn has its glyph and every part, however deep, marked for embedding
// here, in libharu's own table (hpdf_fontdef.h), before the text is measured or shown.
void markGlyph(HPDF_TTFontDefAttr font, HPDF_UINT16 gid, int depth)
{
    if (gid >= font->num_glyphs || depth > 8)
        return;
    font->glyph_tbl.flgs[gid] = 1;
    HPDF_UINT32 offset = font->glyph_tbl.offsets[gid];
    HPDF_UINT32 next = font->glyph_tbl.offsets[gid + 1];
    if (next <= offset)
        return; // no outline (a space)
    if (font->header.index_to_loc_format == 0)
        offset *= 2;
    offset += font->glyph_tbl.base_offset;
    HPDF_BYTE head[10];
    HPDF_UINT size = sizeof head;
    if (HPDF_Stream_Seek(font->stream, static_cast<HPDF_INT>(offset), HPDF_SEEK_SET) != HPDF_OK ||
        HPDF_Stream_Read(font->stream, head, &size) != HPDF_OK || size != sizeof head)
        return;
    if (static_cast<std::int16_t>((head[0] << 8) | head[1]) != -1)
        return; // a simple glyph
    std::vector<HPDF_UINT16> parts;
    constexpr unsigned argsAreWords = 1, scale = 8, moreComponents = 32, xyScale = 64, twoByTwo = 128;
    unsigned flags = 0;
    do {
        HPDF_BYTE entry[4];
        size = sizeof entry;
        if (HPDF_Stream_Read(font->stream, entry, &size) != HPDF_OK || size != sizeof entry)
            break;
        flags = (entry[0] << 8) | entry[1];
        parts.push_back(static_cast<HPDF_UINT16>((entry[2] << 8) | entry[3]));
        HPDF_INT skip = (flags & argsAreWords) ? 4 : 2;
        skip += (flags & scale) ? 2 : (flags & xyScale) ? 4 : (flags & twoByTwo) ? 8 : 0;
        if (HPDF_Stream_Seek(font->stream, skip, HPDF_SEEK_CUR) != HPDF_OK)
            break;
    } while (flags & moreComponents);
    for (const HPDF_UINT16 part : parts)
        markGlyph(font, part, depth + 1);
}

// The code point at `i` of UTF-8 text, and `i` moved past it.
std::uint32_t nextCodePoint(const std::string& utf8, std::size_t& i)
{
    const auto lead = static_cast<unsigned char>(utf8[i]);
    const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    std::uint32_t c = length == 1 ? lead : lead & (0xFFu >> (length + 1));
    for (std::size_t k = 1; k < length && i + k < utf8.size(); ++k)
        c = (c << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3Fu);
    i += length;
    return c;
}

// Format characters that steer direction and joining and are never drawn.
bool invisible(std::uint32_t c)
{
    return c == 0x061C || (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2060 && c <= 0x2069) || c == 0xFEFF;
}

// The Indic scripts (U+0900 to U+0DFF) and Myanmar, Khmer and the like: conjuncts and
// reordered vowel signs need a shaping engine, which the PDF does not have.
bool needsShaping(std::uint32_t c)
{
    return (c >= 0x0900 && c <= 0x0DFF) || (c >= 0x1000 && c <= 0x109F) || (c >= 0x1780 && c <= 0x17FF);
}

} // namespace

bool drawsAll(const EmbeddedFont& font, const std::string& utf8)
{
    std::size_t i = 0;
    while (i < utf8.size()) {
        const std::uint32_t c = nextCodePoint(utf8, i);
        if (c < 0x20 || invisible(c))
            continue;
        if (c > 0xFFFF || needsShaping(c) ||
            HPDF_TTFontDef_GetGlyphid(font.definition, static_cast<HPDF_UINT16>(c)) == 0)
            return false;
    }
    return true;
}

EmbeddedFont embedTrueTypeFont(HPDF_Doc document, const std::string& file)
{
    const char* name = HPDF_LoadTTFontFromFile(document, file.c_str(), HPDF_TRUE);
    if (name == nullptr)
        return {};
    return {HPDF_GetFont(document, name, "UTF-8"), HPDF_GetFontDef(document, name)};
}

void markGlyphs(const EmbeddedFont& font, const std::string& visualUtf8)
{
    auto* attributes = static_cast<HPDF_TTFontDefAttr>(font.definition->attr);
    std::size_t i = 0;
    while (i < visualUtf8.size()) {
        const std::uint32_t c = nextCodePoint(visualUtf8, i);
        if (c <= 0xFFFF)
            markGlyph(attributes, HPDF_TTFontDef_GetGlyphid(font.definition, static_cast<HPDF_UINT16>(c)), 0);
    }
}

} // namespace molar::pdf
