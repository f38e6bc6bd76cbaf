#include "accounts/security/RecoveryCodes.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstring>
#include <set>
#include <stdexcept>
#include <utility>

namespace molar::host {

namespace {

constexpr int GROUPS = 3;
constexpr int GROUP_LENGTH = 4;

std::string randomCode()
{
    const std::size_t symbols = std::strlen(RecoveryCodes::ALPHABET);
    // Bytes at or above the largest multiple of the alphabet size are thrown away, so
    // every symbol is equally likely (no modulo bias).
    const unsigned limit = 256 - 256 % symbols;
    std::string code;
    unsigned char buffer[32];
    std::size_t used = sizeof buffer;
    while (code.size() < GROUPS * (GROUP_LENGTH + 1) - 1) {
        if (used == sizeof buffer) {
            if (RAND_bytes(buffer, sizeof buffer) != 1)
                throw std::runtime_error("RAND_bytes failed");
            used = 0;
        }
        const unsigned byte = buffer[used++];
        if (byte >= limit)
            continue;
        if (code.size() % (GROUP_LENGTH + 1) == GROUP_LENGTH)
            code += '-';
        code += RecoveryCodes::ALPHABET[byte % symbols];
    }
    return code;
}

} // namespace

std::vector<std::string> RecoveryCodes::generate(int count)
{
    std::vector<std::string> codes;
    std::set<std::string> seen;
    while (static_cast<int>(codes.size()) < count) {
        std::string code = randomCode();
        if (seen.insert(code).second) // a repeat is all but impossible, but would waste a code
            codes.push_back(std::move(code));
    }
    return codes;
}

std::string RecoveryCodes::normalize(const std::string& code)
{
    std::string out;
    for (char c : code) {
        if (c == ' ' || c == '-' || c == '\t')
            continue;
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out;
}

std::string RecoveryCodes::digest(const std::string& code)
{
    const std::string normalized = normalize(code);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(normalized.data(), normalized.size(), md, &length, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256 failed");
    static const char HEX[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) {
        hex += HEX[md[i] >> 4];
        hex += HEX[md[i] & 0x0F];
    }
    return hex;
}

} // namespace molar::host
