#include "card/WarrantyCardPdf.h"

#include "card/A4Card.h"
#include "card/CardCanvas.h"
#include "card/QrCode.h"
#include "card/WalletCard.h"

#include <molar/pdf/EmbeddedFont.h>
#include <molar/pdf/PdfDocument.h>

#include <hpdf.h>

#include <optional>

namespace molar::warranty {

namespace {

std::string failure(const pdf::ErrorState& errors, const std::string& step)
{
    return "warranty card PDF: " + step + " failed (" + errors.describe() + ")";
}

} // namespace

std::string renderWarrantyCardPdf(const WarrantyCard& card, CardLayout layout, const std::string& regularFont,
                                  const std::string& boldFont, bool* allDrawn)
{
    // The code first: a URL too long for one is the caller's to fix, before any drawing.
    std::optional<QrCode> qr;
    try {
        qr = QrCode::encode(card.verifyUrl);
    } catch (const QrCodeError& error) {
        throw WarrantyCardError(std::string("warranty card PDF: ") + error.what());
    }

    pdf::PdfDocument output;
    if (!output.started())
        throw WarrantyCardError("warranty card PDF: libharu could not start (out of memory)");
    HPDF_Doc document = output.handle();
    const pdf::ErrorState& errors = output.errors();
    const CardFonts fonts{pdf::embedTrueTypeFont(document, regularFont),
                          pdf::embedTrueTypeFont(document, boldFont)};
    if (errors.failed() || fonts.regular.font == nullptr || fonts.bold.font == nullptr)
        throw WarrantyCardError(failure(errors, "loading the fonts " + regularFont + ", " + boldFont));
    HPDF_SetInfoAttr(document, HPDF_INFO_CREATOR, "Molar");

    if (allDrawn) {
        // The card's own words in its language; names as typed are drawn whatever they hold.
        const auto drawn = [&](const std::string& text) {
            return pdf::drawsAll(fonts.regular, text) && pdf::drawsAll(fonts.bold, text);
        };
        *allDrawn = drawn(card.title) && drawn(card.checkCodeLabel) && drawn(card.scanLine);
        for (const WarrantyCardField& field : card.fields)
            *allDrawn = *allDrawn && drawn(field.label) && (field.typed || drawn(field.value));
    }
    if (layout == CardLayout::Wallet)
        drawWalletCard(document, fonts, card, *qr);
    else
        drawA4Card(document, fonts, card, *qr);
    if (errors.failed())
        throw WarrantyCardError(failure(errors, "drawing the card"));

    std::string bytes;
    if (!output.write(bytes))
        throw WarrantyCardError(failure(errors, "writing the card"));
    return bytes;
}

} // namespace molar::warranty
