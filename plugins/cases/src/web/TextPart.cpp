#include "web/TextPart.h"

#include "CaseCaller.h"

namespace molar::cases {

std::string readTextPart(std::istream& in, std::size_t maxBytes, const std::string& tooLong)
{
    std::string text(maxBytes + 1, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    const auto got = static_cast<std::size_t>(in.gcount());
    if (got > maxBytes)
        throw CaseRefusal(413, tooLong);
    text.resize(got);
    return text;
}

std::size_t countCharacters(const std::string& text)
{
    std::size_t count = 0;
    for (unsigned char c : text)
        count += (c & 0xC0) != 0x80 ? 1 : 0;
    return count;
}

} // namespace molar::cases
