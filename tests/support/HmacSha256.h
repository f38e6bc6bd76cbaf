// hex(HMAC-SHA256(key, message)): how Stripe and Razorpay sign what they send, for tests
// that sign deliveries by hand as the gateway would.
#pragma once

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <string>

namespace molar::test {

inline std::string hmacSha256Hex(const std::string& key, const std::string& message)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &length);
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 0x0f];
    }
    return out;
}

} // namespace molar::test
