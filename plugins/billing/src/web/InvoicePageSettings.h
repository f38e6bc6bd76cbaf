#pragma once

#include "molar/sdk/Config.h"

#include <string>
#include <vector>

namespace molar::billing {

// What the invoice pages and PDF print about the lab: its legal name, address, tax number
// and contact (billing.lab.*), and the fonts the PDF embeds (billing.pdf.*). The bank's
// details are the payment provider's (pay-bank's), shown as its instructions.
struct InvoicePageSettings
{
    std::string labName;                 // billing.lab.name
    std::vector<std::string> labAddress; // billing.lab.address, lines split at \n
    std::string labTaxNumber;            // billing.lab.taxNumber
    std::string labPhone;                // billing.lab.phone
    std::string labEmail;                // billing.lab.email
    std::string pdfFont;                 // billing.pdf.font: a TrueType file with Latin and Arabic
    std::string pdfBoldFont;             // billing.pdf.boldFont

    // Throws sdk::ConfigError for a font file that cannot be read.
    static InvoicePageSettings read(sdk::Config& config);
};

} // namespace molar::billing
