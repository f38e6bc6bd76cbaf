#pragma once

#include "card/CardCanvas.h"
#include "card/QrCode.h"
#include "card/WarrantyCard.h"

#include <hpdf.h>

namespace molar::warranty {

// The card on one wallet-sized page (85.6 x 54 mm, a payment card's size): the title and
// the lab across the top, then the details and the check code at the start side and the QR
// code with its scan line at the end side. The details take the largest size at which they
// fit, a value wrapping onto a second line; at the smallest size a value that is still too
// long is cut with an ellipsis, and nothing is drawn off the page.
void drawWalletCard(HPDF_Doc document, const CardFonts& fonts, const WarrantyCard& card, const QrCode& qr);

} // namespace molar::warranty
