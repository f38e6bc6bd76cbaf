#pragma once

#include "card/WarrantyCard.h"

#include <stdexcept>
#include <string>

namespace molar::warranty {

// A card could not be made (a font missing or unreadable, a URL too long for a QR code,
// libharu out of memory).
class WarrantyCardError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

enum class CardLayout
{
    A4,    // portrait, one page: title, lab, the details as a table, the check code, the QR code
    Wallet // 85.6 x 54 mm, one page: the details at the start side, the QR code at the end side
};

// The card's PDF bytes, drawn with libharu through molar-pdf: text in the TrueType files
// given (DejaVu Sans, which has the Latin and Arabic letters), ordered and shaped by FriBidi;
// the QR code of `card.verifyUrl` as filled squares with a quiet zone of four modules. A
// right-to-left card mirrors its layout. Long values wrap or shrink, never leave the page.
// Thread-safe: every call makes its own libharu document. Throws WarrantyCardError.
// `allDrawn`, when given, tells whether the fonts had every letter (pdf::drawsAll).
std::string renderWarrantyCardPdf(const WarrantyCard& card, CardLayout layout, const std::string& regularFont,
                                  const std::string& boldFont, bool* allDrawn = nullptr);

} // namespace molar::warranty
