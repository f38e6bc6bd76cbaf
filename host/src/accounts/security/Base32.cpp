#include "accounts/security/Base32.h"

namespace molar::host {

namespace {

const char ALPHABET[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

int valueOf(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a';
    if (c >= '2' && c <= '7')
        return c - '2' + 26;
    return -1;
}

} // namespace

std::string Base32::encode(const std::string& bytes)
{
    std::string out;
    out.reserve((bytes.size() * 8 + 4) / 5);
    unsigned buffer = 0;
    int bits = 0;
    for (unsigned char byte : bytes) {
        buffer = (buffer << 8) | byte;
        bits += 8;
        while (bits >= 5) {
            out += ALPHABET[(buffer >> (bits - 5)) & 0x1F];
            bits -= 5;
        }
    }
    if (bits > 0)
        out += ALPHABET[(buffer << (5 - bits)) & 0x1F];
    return out;
}

std::optional<std::string> Base32::decode(const std::string& text)
{
    std::string out;
    unsigned buffer = 0;
    int bits = 0;
    std::size_t symbols = 0;
    bool padding = false;
    for (char c : text) {
        if (c == ' ')
            continue;
        if (c == '=') {
            padding = true;
            continue;
        }
        const int value = valueOf(c);
        if (value < 0 || padding) // data after padding is not base32
            return std::nullopt;
        ++symbols;
        buffer = (buffer << 5) | static_cast<unsigned>(value);
        bits += 5;
        if (bits >= 8) {
            out += static_cast<char>((buffer >> (bits - 8)) & 0xFF);
            bits -= 8;
        }
    }
    // 1, 3 or 6 symbols in the last group of 8 cannot come from whole bytes.
    const std::size_t tail = symbols % 8;
    if (tail == 1 || tail == 3 || tail == 6)
        return std::nullopt;
    return out;
}

} // namespace molar::host
