#include "molar/pdf/TextLine.h"

#include "molar/pdf/VisualText.h"

namespace molar::pdf {

namespace {

void dropLastCharacter(std::string& utf8)
{
    std::size_t end = utf8.size();
    do {
        --end;
    } while (end > 0 && (static_cast<unsigned char>(utf8[end]) & 0xC0) == 0x80);
    utf8.resize(end);
}

} // namespace

TextLine fitLine(HPDF_Page page, const EmbeddedFont& font, float size, const std::string& logical,
                 bool rightToLeftDocument, float maxWidth)
{
    HPDF_Page_SetFontAndSize(page, font.font, size);
    const bool rtl = rightToLeftDocument && hasRightToLeft(logical);
    TextLine line;
    line.visual = visualOrder(logical, rtl);
    markGlyphs(font, line.visual);
    line.width = HPDF_Page_TextWidth(page, line.visual.c_str());
    if (maxWidth > 0 && line.width > maxWidth) {
        std::string cut = logical;
        while (!cut.empty() && line.width > maxWidth) {
            dropLastCharacter(cut);
            line.visual = visualOrder(cut + "\xE2\x80\xA6", rtl);
            markGlyphs(font, line.visual);
            line.width = HPDF_Page_TextWidth(page, line.visual.c_str());
        }
    }
    return line;
}

std::vector<std::string> wrapWords(HPDF_Page page, const EmbeddedFont& font, float size,
                                   const std::string& logical, bool rightToLeftDocument, float maxWidth)
{
    HPDF_Page_SetFontAndSize(page, font.font, size);
    const bool rtl = rightToLeftDocument && hasRightToLeft(logical);
    std::vector<std::string> lines;
    std::string line;
    std::size_t start = 0;
    while (start < logical.size()) {
        std::size_t end = logical.find(' ', start);
        if (end == std::string::npos)
            end = logical.size();
        const std::string word = logical.substr(start, end - start);
        start = end + 1;
        if (word.empty())
            continue;
        const std::string candidate = line.empty() ? word : line + " " + word;
        if (!line.empty() && HPDF_Page_TextWidth(page, visualOrder(candidate, rtl).c_str()) > maxWidth) {
            lines.push_back(line);
            line = word;
        } else {
            line = candidate;
        }
    }
    if (!line.empty())
        lines.push_back(line);
    return lines;
}

} // namespace molar::pdf
