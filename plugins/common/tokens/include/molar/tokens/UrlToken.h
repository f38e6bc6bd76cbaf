#pragma once

#include <string>

namespace molar::tokens {

// The secret of a link that opens something without signing in (a feedback form, a shared
// treatment plan): 32 bytes from OpenSSL's generator in base64url without padding, 43
// characters that travel in a URL path as they are. Throws std::runtime_error when the
// generator fails, rather than hand out a guessable link.
std::string newUrlToken();

// The SHA-256 of a token in lower-case hex (64 characters): the only form stored, so that
// a copy of the database opens nothing.
std::string tokenDigest(const std::string& token);

// Exactly 43 characters of A–Z, a–z, 0–9, '-' and '_': anything else is refused before it
// is hashed and looked up.
bool looksLikeToken(const std::string& text);

} // namespace molar::tokens
