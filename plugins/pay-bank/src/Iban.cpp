#include "Iban.h"

#include <cctype>

namespace molar::paybank {

std::string Iban::compact(const std::string& text)
{
    std::string out;
    for (char c : text)
        if (c != ' ' && c != '\t')
            out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

bool Iban::isValid(const std::string& text)
{
    const std::string iban = compact(text);
    // The shortest IBAN in use is Norway's (15), the longest 34.
    if (iban.size() < 15 || iban.size() > 34)
        return false;
    for (std::size_t i = 0; i < iban.size(); ++i) {
        const auto c = static_cast<unsigned char>(iban[i]);
        const bool ok = i < 2 ? std::isupper(c) : i < 4 ? std::isdigit(c) : std::isalnum(c);
        if (!ok)
            return false;
    }
    // The first four characters move to the end, letters become 10..35, and the
    // number's remainder by 97 must be 1; computed a digit at a time, so it never overflows.
    const std::string rearranged = iban.substr(4) + iban.substr(0, 4);
    int remainder = 0;
    for (char c : rearranged) {
        const int value = std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : c - 'A' + 10;
        remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
    }
    return remainder == 1;
}

std::string Iban::printed(const std::string& text)
{
    const std::string iban = compact(text);
    std::string out;
    for (std::size_t i = 0; i < iban.size(); ++i) {
        if (i && i % 4 == 0)
            out += ' ';
        out += iban[i];
    }
    return out;
}

} // namespace molar::paybank
