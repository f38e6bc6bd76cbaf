#include "card/A4Card.h"

namespace molar::warranty {

namespace {

constexpr float pointsPerMillimetre = 72.0F / 25.4F;
constexpr float pageWidth = 595.276F; // A4 in points
constexpr float pageHeight = 841.89F;
constexpr float margin = 20 * pointsPerMillimetre;

// The table: labels in the first column, values wrapped in the second.
constexpr float labelWidth = 165.0F;
constexpr float valueOffset = 180.0F;
constexpr float fieldSize = 12.0F;
constexpr float lineHeight = 17.0F; // between a value's lines
constexpr float rowGap = 26.0F;     // from a row's last line to the next row
constexpr std::size_t maxValueLines = 3;

// The code's own width without its quiet zone: 40 mm scans from arm's length on paper.
constexpr float qrWidth = 40 * pointsPerMillimetre;

} // namespace

void drawA4Card(HPDF_Doc document, const CardFonts& fonts, const WarrantyCard& card, const QrCode& qr)
{
    CardCanvas canvas(document, pageWidth, pageHeight, margin, fonts, card.rightToLeft);
    const float width = canvas.contentWidth();
    float y = pageHeight - margin - 24;
    canvas.text(card.title, 0, CardAlign::Start, true, canvas.sizeToFit(card.title, true, 26, 16, width), y,
                width);
    y -= 26;
    canvas.text(card.labName, 0, CardAlign::Start, false,
                canvas.sizeToFit(card.labName, false, 15, 10, width), y, width);
    y -= 16;
    canvas.rule(0, width, y, 1.0F);
    y -= 28;

    // The code's band (the QR code, its scan line) keeps its room at the bottom; values wrap
    // on fewer lines when the table would reach it, and rows that still do not fit are left
    // out rather than drawn off the page.
    const float moduleSize = qrWidth / static_cast<float>(qr.size());
    const float box = CardCanvas::qrBoxSize(qr, moduleSize);
    const float tableBottom = margin + box + 24;
    const float valueWidth = width - valueOffset;
    std::size_t valueLines = maxValueLines;
    const auto tableHeight = [&](std::size_t lines) {
        float height = 0;
        for (const WarrantyCardField& field : card.fields)
            height +=
                static_cast<float>(canvas.wrap(field.value, false, fieldSize, valueWidth, lines).size() - 1) *
                    lineHeight +
                rowGap;
        return height;
    };
    while (valueLines > 1 && y - tableHeight(valueLines) < tableBottom)
        --valueLines;
    for (const WarrantyCardField& field : card.fields) {
        const std::vector<std::string> lines =
            canvas.wrap(field.value, false, fieldSize, valueWidth, valueLines);
        if (y - static_cast<float>(lines.size() - 1) * lineHeight - rowGap < tableBottom)
            break;
        canvas.text(field.label, 0, CardAlign::Start, true, fieldSize - 1, y, labelWidth);
        for (std::size_t i = 0; i < lines.size(); ++i) {
            canvas.text(lines[i], valueOffset, CardAlign::Start, false, fieldSize, y, valueWidth);
            if (i + 1 < lines.size())
                y -= lineHeight;
        }
        canvas.rule(0, width, y - 7, 0.3F);
        y -= rowGap;
    }
    y -= 12;

    // The check code at the start side, the QR code and its scan line at the end side, from
    // the same top.
    const float top = y + 12;
    const float codeWidth = width - box - 12;
    canvas.text(card.checkCodeLabel, 0, CardAlign::Start, false, 12, y, codeWidth);
    y -= 30;
    canvas.text(card.checkCode, 0, CardAlign::Start, true,
                canvas.sizeToFit(card.checkCode, true, 26, 12, codeWidth), y, codeWidth);
    canvas.qrCode(qr, width - box, top, moduleSize);
    canvas.text(card.scanLine, width - box / 2, CardAlign::Center, false, 10, top - box - 8, box);
}

} // namespace molar::warranty
