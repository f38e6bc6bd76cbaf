#include "terms/CheckCode.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <cctype>
#include <cstring>
#include <stdexcept>

namespace molar::warranty {

namespace {

constexpr char kAlphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"; // 31 letters and digits
constexpr std::size_t kAlphabetSize = sizeof kAlphabet - 1;
constexpr std::size_t kLength = 8;

} // namespace

std::string newCheckCode()
{
    std::string code;
    while (code.size() < kLength) {
        unsigned char bytes[16];
        if (RAND_bytes(bytes, sizeof bytes) != 1)
            throw std::runtime_error("the random generator failed");
        // Rejection sampling keeps every letter equally likely: 248 = 8 * 31.
        for (unsigned char b : bytes)
            if (b < 248 && code.size() < kLength)
                code += kAlphabet[b % kAlphabetSize];
    }
    return code;
}

std::string normalizeCheckCode(const std::string& typed)
{
    std::string code;
    for (unsigned char c : typed) {
        if (c == ' ' || c == '-' || c == '\t')
            continue;
        const char upper = static_cast<char>(std::toupper(c));
        if (!std::strchr(kAlphabet, upper) || upper == '\0' || code.size() == kLength)
            return {};
        code += upper;
    }
    return code.size() == kLength ? code : std::string();
}

std::string printedCheckCode(const std::string& code)
{
    return code.size() == kLength ? code.substr(0, 4) + "-" + code.substr(4) : code;
}

bool sameCheckCode(const std::string& stored, const std::string& typed)
{
    const std::string code = normalizeCheckCode(typed);
    if (stored.size() != kLength || code.size() != kLength)
        return false;
    return CRYPTO_memcmp(stored.data(), code.data(), kLength) == 0;
}

} // namespace molar::warranty
