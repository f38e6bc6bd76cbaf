#include "store/CaseNumbers.h"

#include <cctype>
#include <random>

namespace molar::cases {

std::string makeCaseNumber(const std::string& prefix, const std::string& yymmdd)
{
    // One generator per thread, seeded from the operating system.
    thread_local std::mt19937 generator{std::random_device{}()};
    std::uniform_int_distribution<int> digit(0, 15);
    static const char* hex = "0123456789ABCDEF";
    std::string number = prefix + "-" + yymmdd + "-";
    for (int i = 0; i < 4; ++i)
        number += hex[digit(generator)];
    return number;
}

bool looksLikeCaseNumber(const std::string& prefix, const std::string& text)
{
    const std::size_t datePos = prefix.size() + 1;
    if (text.size() != datePos + 11 || text.compare(0, prefix.size(), prefix) != 0 ||
        text[prefix.size()] != '-' || text[datePos + 6] != '-')
        return false;
    for (std::size_t i = datePos; i < datePos + 6; ++i)
        if (!std::isdigit(static_cast<unsigned char>(text[i])))
            return false;
    for (std::size_t i = datePos + 7; i < text.size(); ++i)
        if (!std::isxdigit(static_cast<unsigned char>(text[i])) ||
            std::islower(static_cast<unsigned char>(text[i])))
            return false;
    return true;
}

} // namespace molar::cases
