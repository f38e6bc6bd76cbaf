#pragma once

#include <string>
#include <vector>

namespace molar::host {

// Single-use codes that stand in for the second factor when the authenticator is lost.
// Shown once as "k7qm-2xpf-9cte"; only their digests are stored.
class RecoveryCodes
{
public:
    // 31 symbols without look-alikes (no 0, o, 1, l, i): 12 of them give about 59 bits.
    static constexpr const char* ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";

    // `count` distinct codes of three dash-separated groups of four.
    static std::vector<std::string> generate(int count = 10);

    // What the user typed, as it was generated: lower case, without spaces and dashes.
    static std::string normalize(const std::string& code);

    // SHA-256 hex of the normalized code: the value to store and to look up.
    static std::string digest(const std::string& code);
};

} // namespace molar::host
