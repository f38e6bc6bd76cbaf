#pragma once

#include "card/CardCanvas.h"
#include "card/QrCode.h"
#include "card/WarrantyCard.h"

#include <hpdf.h>

namespace molar::warranty {

// The card on one A4 portrait page, to print on paper: the title and the lab at the top,
// the details as a two-column table (labels, values), then the check code at the start
// side and the QR code at the end side with the scan line under it.
void drawA4Card(HPDF_Doc document, const CardFonts& fonts, const WarrantyCard& card, const QrCode& qr);

} // namespace molar::warranty
