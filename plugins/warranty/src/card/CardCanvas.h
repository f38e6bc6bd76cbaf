#pragma once

#include "card/QrCode.h"

#include <molar/pdf/EmbeddedFont.h>

#include <hpdf.h>

#include <string>
#include <vector>

namespace molar::warranty {

struct CardFonts
{
    pdf::EmbeddedFont regular;
    pdf::EmbeddedFont bold;
};

enum class CardAlign
{
    Start,
    End,
    Center
};

// One page of a card. Horizontal positions are "from the start": the distance from the
// left margin on a left-to-right card, from the right margin on a right-to-left one, so one
// layout serves both and an Arabic card comes out mirrored. Vertical positions are libharu's
// (points up from the page's bottom edge).
class CardCanvas
{
public:
    // Adds a page of `width` x `height` points to the document.
    CardCanvas(HPDF_Doc document, float width, float height, float margin, CardFonts fonts, bool rightToLeft);

    float width() const { return _width; }
    float height() const { return _height; }
    float margin() const { return _margin; }
    float contentWidth() const { return _width - 2 * _margin; }

    // The width the text takes in points.
    float measure(const std::string& logical, bool bold, float size);

    // The largest size from `size` down to `smallest`, in steps of half a point, at which the text
    // fits `maxWidth`; `smallest` when none does.
    float sizeToFit(const std::string& logical, bool bold, float size, float smallest, float maxWidth);

    // The paragraph broken at spaces into lines of at most `maxWidth`: one line at least (empty
    // for an empty paragraph), `maxLines` at most, the words left over joining the last line,
    // which text() then cuts.
    std::vector<std::string> wrap(const std::string& logical, bool bold, float size, float maxWidth,
                                  std::size_t maxLines);

    // Draws one line starting, ending or centred at `offset` from the start margin, on the
    // baseline `y`, cut with an ellipsis to `maxWidth` when that is above zero.
    void text(const std::string& logical, float offset, CardAlign align, bool bold, float size, float y,
              float maxWidth = 0);

    // A horizontal line between two offsets from the start margin.
    void rule(float from, float to, float y, float lineWidth);

    // The QR code's dark modules as filled squares, `moduleSize` points each, inside a box
    // whose start edge is at `offset` from the start margin and whose top is at `top`; the
    // box holds the quiet zone (four light modules each side), where nothing else is drawn.
    // The code itself is never mirrored.
    void qrCode(const QrCode& code, float offset, float top, float moduleSize);

    // The side of qrCode()'s box: the code and its quiet zone.
    static float qrBoxSize(const QrCode& code, float moduleSize);

private:
    float physical(float offset) const { return _rtl ? _width - _margin - offset : _margin + offset; }
    const pdf::EmbeddedFont& font(bool bold) const { return bold ? _fonts.bold : _fonts.regular; }

    HPDF_Page _page;
    float _width;
    float _height;
    float _margin;
    CardFonts _fonts;
    bool _rtl;
};

} // namespace molar::warranty
