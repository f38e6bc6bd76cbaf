#include "card/CardCanvas.h"

#include <molar/pdf/TextLine.h>

namespace molar::warranty {

namespace {

constexpr int quietModules = 4; // the light border a reader needs to find the code

} // namespace

CardCanvas::CardCanvas(HPDF_Doc document, float width, float height, float margin, CardFonts fonts,
                       bool rightToLeft)
    : _page(HPDF_AddPage(document)), _width(width), _height(height), _margin(margin), _fonts(fonts),
      _rtl(rightToLeft)
{
    HPDF_Page_SetWidth(_page, width);
    HPDF_Page_SetHeight(_page, height);
}

float CardCanvas::measure(const std::string& logical, bool bold, float size)
{
    return pdf::fitLine(_page, font(bold), size, logical, _rtl).width;
}

float CardCanvas::sizeToFit(const std::string& logical, bool bold, float size, float smallest, float maxWidth)
{
    while (size > smallest && measure(logical, bold, size) > maxWidth)
        size -= 0.5F;
    return size < smallest ? smallest : size;
}

std::vector<std::string> CardCanvas::wrap(const std::string& logical, bool bold, float size, float maxWidth,
                                          std::size_t maxLines)
{
    std::vector<std::string> lines = pdf::wrapWords(_page, font(bold), size, logical, _rtl, maxWidth);
    if (lines.empty())
        lines.emplace_back();
    if (maxLines == 0)
        maxLines = 1;
    while (lines.size() > maxLines) {
        lines[lines.size() - 2] += " " + lines.back();
        lines.pop_back();
    }
    return lines;
}

void CardCanvas::text(const std::string& logical, float offset, CardAlign align, bool bold, float size,
                      float y, float maxWidth)
{
    if (logical.empty())
        return;
    const pdf::TextLine line = pdf::fitLine(_page, font(bold), size, logical, _rtl, maxWidth);
    const float at = physical(offset);
    float left = at - line.width / 2;
    if (align != CardAlign::Center) {
        // Start-aligned text begins at the offset in reading order: to its right on a
        // left-to-right card, to its left on a right-to-left one.
        const bool leftEdgeAtOffset = (align == CardAlign::Start) != _rtl;
        left = leftEdgeAtOffset ? at : at - line.width;
    }
    HPDF_Page_BeginText(_page);
    HPDF_Page_TextOut(_page, left, y, line.visual.c_str());
    HPDF_Page_EndText(_page);
}

void CardCanvas::rule(float from, float to, float y, float lineWidth)
{
    HPDF_Page_SetLineWidth(_page, lineWidth);
    HPDF_Page_MoveTo(_page, physical(from), y);
    HPDF_Page_LineTo(_page, physical(to), y);
    HPDF_Page_Stroke(_page);
}

float CardCanvas::qrBoxSize(const QrCode& code, float moduleSize)
{
    return static_cast<float>(code.size() + 2 * quietModules) * moduleSize;
}

void CardCanvas::qrCode(const QrCode& code, float offset, float top, float moduleSize)
{
    const float box = qrBoxSize(code, moduleSize);
    const float boxLeft = _rtl ? physical(offset) - box : physical(offset);
    const float left = boxLeft + quietModules * moduleSize;
    const float codeTop = top - quietModules * moduleSize;
    // A run of dark modules in a row is one rectangle, and all of them one path filled once:
    // squares filled one by one leave hairline seams where a rasteriser's anti-aliasing
    // meets, which a scanner may read as light.
    for (int row = 0; row < code.size(); ++row) {
        int column = 0;
        while (column < code.size()) {
            if (!code.dark(column, row)) {
                ++column;
                continue;
            }
            const int start = column;
            while (column < code.size() && code.dark(column, row))
                ++column;
            HPDF_Page_Rectangle(_page, left + static_cast<float>(start) * moduleSize,
                                codeTop - static_cast<float>(row + 1) * moduleSize,
                                static_cast<float>(column - start) * moduleSize, moduleSize);
        }
    }
    HPDF_Page_Fill(_page);
}

} // namespace molar::warranty
