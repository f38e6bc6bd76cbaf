#pragma once

#include <string>

namespace molar::warranty {

// A card's check code: 8 characters of an alphabet without look-alikes (no 0/O, 1/I/L),
// 40 bits from OpenSSL's generator. The verify page asks for it with the case number,
// so that a stranger cannot walk through case numbers.
std::string newCheckCode();

// What a person typed, as stored: upper case, spaces and dashes dropped; empty when
// anything else is left that no code holds.
std::string normalizeCheckCode(const std::string& typed);

// "ABCD-EFGH": the code as the card prints it.
std::string printedCheckCode(const std::string& code);

// Compares in time independent of where the two differ.
bool sameCheckCode(const std::string& stored, const std::string& typed);

} // namespace molar::warranty
