#include "molar/tokens/UrlToken.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <cstring>
#include <stdexcept>

namespace molar::tokens {

namespace {

constexpr std::size_t kTokenBytes = 32;
constexpr std::size_t kTokenLength = 43; // ceil(32 * 8 / 6)
constexpr char kBase64Url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// RFC 4648 §5 without the '=' padding, which a URL would have to escape.
std::string base64UrlWithoutPadding(const unsigned char* bytes, std::size_t size)
{
    std::string out;
    out.reserve((size * 4 + 2) / 3);
    std::size_t i = 0;
    for (; i + 3 <= size; i += 3) {
        const unsigned group = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
        out += kBase64Url[(group >> 18) & 63];
        out += kBase64Url[(group >> 12) & 63];
        out += kBase64Url[(group >> 6) & 63];
        out += kBase64Url[group & 63];
    }
    if (size - i == 1) {
        const unsigned group = bytes[i] << 16;
        out += kBase64Url[(group >> 18) & 63];
        out += kBase64Url[(group >> 12) & 63];
    } else if (size - i == 2) {
        const unsigned group = (bytes[i] << 16) | (bytes[i + 1] << 8);
        out += kBase64Url[(group >> 18) & 63];
        out += kBase64Url[(group >> 12) & 63];
        out += kBase64Url[(group >> 6) & 63];
    }
    return out;
}

} // namespace

std::string newUrlToken()
{
    std::array<unsigned char, kTokenBytes> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
        throw std::runtime_error("the random generator failed");
    return base64UrlWithoutPadding(bytes.data(), bytes.size());
}

std::string tokenDigest(const std::string& token)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(token.data(), token.size(), md, &length, EVP_sha256(), nullptr) != 1)
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

bool looksLikeToken(const std::string& text)
{
    if (text.size() != kTokenLength)
        return false;
    for (char c : text)
        if (c == '\0' || !std::strchr(kBase64Url, c))
            return false;
    return true;
}

} // namespace molar::tokens
