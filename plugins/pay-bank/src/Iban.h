#pragma once

#include <string>

namespace molar::paybank {

// International Bank Account Numbers (ISO 13616).
class Iban
{
public:
    // The IBAN without spaces, in upper case ("QA58 dohb ..." -> "QA58DOHB...").
    static std::string compact(const std::string& text);
    // Whether `text` (spaces allowed) is an IBAN: a country code, two check digits and
    // up to 30 letters or digits, whose mod-97 remainder is 1.
    static bool isValid(const std::string& text);
    // The compact IBAN in groups of four, as it is printed ("QA58 DOHB 0001 ...").
    static std::string printed(const std::string& text);
};

} // namespace molar::paybank
