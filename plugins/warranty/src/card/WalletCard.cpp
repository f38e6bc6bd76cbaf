#include "card/WalletCard.h"

#include <algorithm>

namespace molar::warranty {

namespace {

constexpr float pointsPerMillimetre = 72.0F / 25.4F;
constexpr float pageWidth = 85.6F * pointsPerMillimetre;
constexpr float pageHeight = 54.0F * pointsPerMillimetre;
constexpr float margin = 3.5F * pointsPerMillimetre;

// The code's own width without its quiet zone: 22 mm still scans from a phone held close.
constexpr float qrWidth = 22 * pointsPerMillimetre;

// Sizes the details may take, largest first.
constexpr float detailSizes[] = {7.0F, 6.5F, 6.0F, 5.5F, 5.0F, 4.5F};
constexpr float codeSizeAbove = 2.5F;  // the check code stands out from the details
constexpr float maxLabelShare = 0.45F; // of the details' width, the rest for the values

// How the details are set at one size.
struct Details
{
    float size = 0;
    float lineHeight = 0;
    float rowGap = 0;
    float labelWidth = 0;
    float valueOffset = 0;
    float valueWidth = 0;
    std::size_t valueLines = 1;
    bool labelsWhole = true; // no label cut to the label column

    // The room the check code's line takes under the rows: its larger size and its descent.
    float codeRoom() const { return codeSizeAbove + 0.25F * (size + codeSizeAbove); }
};

Details detailsAt(CardCanvas& canvas, const WarrantyCard& card, float size, float width,
                  std::size_t valueLines)
{
    Details details;
    details.size = size;
    details.lineHeight = size * 1.25F;
    details.rowGap = size * 0.45F;
    float widest = canvas.measure(card.checkCodeLabel, false, size);
    for (const WarrantyCardField& field : card.fields)
        widest = std::max(widest, canvas.measure(field.label, true, size));
    details.labelWidth = std::min(widest, width * maxLabelShare);
    details.labelsWhole = widest <= details.labelWidth;
    details.valueOffset = details.labelWidth + size * 0.6F;
    details.valueWidth = width - details.valueOffset;
    details.valueLines = valueLines;
    return details;
}

float rowsHeight(CardCanvas& canvas, const WarrantyCard& card, const Details& details)
{
    float height = details.size; // down to the first baseline
    for (const WarrantyCardField& field : card.fields) {
        const std::size_t lines =
            canvas.wrap(field.value, false, details.size, details.valueWidth, details.valueLines).size();
        height += static_cast<float>(lines) * details.lineHeight + details.rowGap;
    }
    return height + details.codeRoom();
}

// The largest size at which every label is whole and every row fits `height`, values on two
// lines at most; failing that the smallest, values on one line.
Details fitDetails(CardCanvas& canvas, const WarrantyCard& card, float width, float height)
{
    for (const float size : detailSizes) {
        const Details details = detailsAt(canvas, card, size, width, 2);
        if (details.labelsWhole && rowsHeight(canvas, card, details) <= height)
            return details;
    }
    return detailsAt(canvas, card, detailSizes[std::size(detailSizes) - 1], width, 1);
}

} // namespace

void drawWalletCard(HPDF_Doc document, const CardFonts& fonts, const WarrantyCard& card, const QrCode& qr)
{
    CardCanvas canvas(document, pageWidth, pageHeight, margin, fonts, card.rightToLeft);
    const float width = canvas.contentWidth();
    float y = pageHeight - margin - 8;
    canvas.text(card.title, 0, CardAlign::Start, true, canvas.sizeToFit(card.title, true, 10, 6, width), y,
                width);
    y -= 9;
    canvas.text(card.labName, 0, CardAlign::Start, false, canvas.sizeToFit(card.labName, false, 7, 5, width),
                y, width);
    y -= 5;
    canvas.rule(0, width, y, 0.5F);

    // The QR code's box reaches halfway into the end margin: its quiet zone is light anyway,
    // and the details keep the room.
    const float moduleSize = qrWidth / static_cast<float>(qr.size());
    const float box = CardCanvas::qrBoxSize(qr, moduleSize);
    const float boxStart = width + margin / 2 - box;
    const float boxTop = y - 2;
    canvas.qrCode(qr, boxStart, boxTop, moduleSize);
    canvas.text(card.scanLine, boxStart + box / 2, CardAlign::Center, false,
                canvas.sizeToFit(card.scanLine, false, 6, 4, box), boxTop - box - 6, box);

    const float detailsWidth = boxStart - 6;
    const float top = y - 4;
    const float bottom = margin;
    const Details details = fitDetails(canvas, card, detailsWidth, top - bottom);
    y = top - details.size;
    for (const WarrantyCardField& field : card.fields) {
        const std::vector<std::string> lines =
            canvas.wrap(field.value, false, details.size, details.valueWidth, details.valueLines);
        // The check code's line is kept whatever happens to the rows: one that would push it
        // off the page is left out, with the rest.
        if (y - static_cast<float>(lines.size()) * details.lineHeight - details.rowGap - details.codeRoom() <
            bottom)
            break;
        canvas.text(field.label, 0, CardAlign::Start, true, details.size, y, details.labelWidth);
        for (const std::string& line : lines) {
            canvas.text(line, details.valueOffset, CardAlign::Start, false, details.size, y,
                        details.valueWidth);
            y -= details.lineHeight;
        }
        y -= details.rowGap;
    }
    const float codeSize = details.size + codeSizeAbove;
    y -= codeSizeAbove;
    canvas.text(card.checkCodeLabel, 0, CardAlign::Start, false, details.size, y, details.labelWidth);
    canvas.text(card.checkCode, details.valueOffset, CardAlign::Start, true,
                canvas.sizeToFit(card.checkCode, true, codeSize, details.size, details.valueWidth), y,
                details.valueWidth);
}

} // namespace molar::warranty
