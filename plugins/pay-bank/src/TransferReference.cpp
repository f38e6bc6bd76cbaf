#include "TransferReference.h"

#include <algorithm>
#include <cctype>
#include <random>

namespace molar::paybank {

const std::string TransferReference::alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

namespace {

constexpr int base = 32;
constexpr std::size_t symbolCount = TransferReference::randomSymbols + 1;

int valueOf(char symbol)
{
    const auto at = TransferReference::alphabet.find(symbol);
    return at == std::string::npos ? -1 : static_cast<int>(at);
}

// One character of a written reference as an alphabet symbol (Crockford's reading
// of look-alikes), or 0 when it cannot be one.
char symbolFor(char c)
{
    const char upper = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (upper == 'O')
        return '0';
    if (upper == 'I' || upper == 'L')
        return '1';
    return valueOf(upper) >= 0 ? upper : 0;
}

std::string formatted(const std::string& symbols)
{
    return "MB-" + symbols.substr(0, 4) + "-" + symbols.substr(4, 4);
}

bool isSeparator(char c)
{
    return c == '-' || c == ' ';
}

bool isAlnum(char c)
{
    return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

// Reads eight symbols from `text` at `pos` (one optional separator after the fourth);
// answers them and where they end, or nothing.
std::optional<std::pair<std::string, std::size_t>> readSymbols(const std::string& text, std::size_t pos)
{
    std::string symbols;
    while (symbols.size() < symbolCount && pos < text.size()) {
        if (symbols.size() == 4 && isSeparator(text[pos]))
            ++pos;
        if (pos >= text.size())
            break;
        const char symbol = symbolFor(text[pos]);
        if (!symbol)
            return std::nullopt;
        symbols += symbol;
        ++pos;
    }
    if (symbols.size() != symbolCount)
        return std::nullopt;
    return std::make_pair(symbols, pos);
}

} // namespace

char TransferReference::checkSymbol(const std::string& symbols)
{
    // Luhn mod N: double every second value from the right, starting with the last.
    int factor = 2;
    int sum = 0;
    for (auto it = symbols.rbegin(); it != symbols.rend(); ++it) {
        int addend = factor * valueOf(*it);
        factor = factor == 2 ? 1 : 2;
        sum += addend / base + addend % base;
    }
    return alphabet[static_cast<std::size_t>((base - sum % base) % base)];
}

bool TransferReference::checks(const std::string& symbols)
{
    if (symbols.size() != symbolCount)
        return false;
    for (char c : symbols)
        if (valueOf(c) < 0)
            return false;
    return checkSymbol(symbols.substr(0, randomSymbols)) == symbols.back();
}

std::string TransferReference::generate(const std::function<std::uint32_t()>& random)
{
    std::string symbols;
    while (symbols.size() < randomSymbols)
        symbols += alphabet[random() % base]; // 32 divides 2^32: no bias
    return formatted(symbols + checkSymbol(symbols));
}

std::string TransferReference::generate()
{
    std::random_device device; // the kernel's cryptographic source on Linux
    return generate([&device] { return static_cast<std::uint32_t>(device()); });
}

std::optional<std::string> TransferReference::normalize(const std::string& text)
{
    std::string trimmed = text;
    trimmed.erase(0, trimmed.find_first_not_of(" \t\r\n"));
    trimmed.erase(trimmed.find_last_not_of(" \t\r\n") + 1);
    if (trimmed.size() < 2 || std::toupper(static_cast<unsigned char>(trimmed[0])) != 'M' ||
        std::toupper(static_cast<unsigned char>(trimmed[1])) != 'B')
        return std::nullopt;
    std::size_t pos = 2;
    if (pos < trimmed.size() && isSeparator(trimmed[pos]))
        ++pos;
    auto read = readSymbols(trimmed, pos);
    if (!read || read->second != trimmed.size() || !checks(read->first))
        return std::nullopt;
    return formatted(read->first);
}

std::vector<std::string> TransferReference::findIn(const std::string& text)
{
    std::vector<std::string> found;
    for (std::size_t i = 0; i + 1 < text.size(); ++i) {
        if (std::toupper(static_cast<unsigned char>(text[i])) != 'M' ||
            std::toupper(static_cast<unsigned char>(text[i + 1])) != 'B')
            continue;
        std::size_t pos = i + 2;
        if (pos < text.size() && isSeparator(text[pos]))
            ++pos;
        auto read = readSymbols(text, pos);
        // A reference ends where the word does: "MB12345678X" is something else.
        if (!read || (read->second < text.size() && isAlnum(text[read->second])) || !checks(read->first))
            continue;
        const std::string reference = formatted(read->first);
        if (std::find(found.begin(), found.end(), reference) == found.end())
            found.push_back(reference);
        i = read->second - 1;
    }
    return found;
}

} // namespace molar::paybank
