#pragma once

#include <optional>
#include <string>

namespace molar::host {

// RFC 4648 base32 (A-Z, 2-7), the alphabet authenticator apps expect for TOTP secrets.
class Base32
{
public:
    // Upper case, without '=' padding, as otpauth:// URIs carry it.
    static std::string encode(const std::string& bytes);
    // Accepts lower case, spaces and '=' padding, since people copy secrets by hand;
    // nullopt for any other character or a length no encoding produces.
    static std::optional<std::string> decode(const std::string& text);
};

} // namespace molar::host
