#pragma once

#include <string>
#include <vector>

namespace molar::warranty {

// One line of the card's details, both parts in the card's language.
struct WarrantyCardField
{
    std::string label; // "Case number"
    std::string value; // "TR-261201-1A4F"
    // A name as its owner typed it (the clinic's), in no language of the card's: it does not
    // decide whether the fonts serve the language.
    bool typed = false;
};

// What a warranty card shows, every string already in the card's language: dates formatted,
// labels translated. The renderer knows no database, catalog or translations; whoever
// fills this does. Nothing about the patient.
struct WarrantyCard
{
    std::string language;     // "en", "ar"
    bool rightToLeft = false; // Arabic, Urdu, Persian: read from the right, the layout mirrored

    std::string title; // "Warranty card"
    std::string labName;

    // Warranty number, case number, restoration, teeth, clinic, issued, expires; in order.
    std::vector<WarrantyCardField> fields;

    std::string checkCodeLabel; // "Check code"
    std::string checkCode;      // "ABCD-EFGH"

    std::string verifyUrl; // the QR code's text: <publicUrl>/verify/<case number>?code=<code>
    std::string scanLine;  // "Scan to verify", under the QR code
};

} // namespace molar::warranty
