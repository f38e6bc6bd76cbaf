#pragma once

#include "pdf/InvoiceDocument.h"

#include <stdexcept>
#include <string>

namespace molar::billing {

// A PDF could not be made (a font missing or unreadable, libharu out of memory).
class InvoicePdfError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// Draws an invoice on A4 pages with libharu: the lab's header, the invoice's number and
// dates, who is billed, the lines (continued on further pages when they do not fit), the
// totals and how to pay (the lab's bank and the transfer reference). Text goes through
// FriBidi (visualOrder) and is drawn with a TrueType font embedded as UTF-8, so Arabic
// reads right to left with joined letters; a right-to-left document mirrors the layout.
// Thread-safe: every render makes its own libharu document.
class InvoicePdf
{
public:
    // TrueType files with the Latin and Arabic letters the documents use (DejaVu Sans).
    InvoicePdf(std::string regularFontFile, std::string boldFontFile);

    // The PDF's bytes. Throws InvoicePdfError. `allDrawn`, when given, tells whether the
    // fonts drew every letter (pdf::drawsAll): false for a language they have no letters for.
    std::string render(const InvoiceDocument& document, bool* allDrawn = nullptr) const;

private:
    std::string _regularFontFile;
    std::string _boldFontFile;
};

} // namespace molar::billing
