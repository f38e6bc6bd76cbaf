#pragma once

#include <cstddef>
#include <string>
#include <unordered_set>
#include <vector>

namespace molar::host {

// Which passwords may be chosen, after NIST SP 800-63B and ASVS V2.1: a minimum length in
// characters (Unicode code points, not bytes), no composition rules, long passphrases
// welcome, common passwords and the user's own names refused.
class PasswordPolicy
{
public:
    // The same limit PasswordHasher enforces: beyond it a password is refused, never cut.
    static constexpr std::size_t MAX_BYTES = 1024;
    // Personal words shorter than this would refuse too many good passwords.
    static constexpr std::size_t MIN_PERSONAL_WORD = 4;

    // `common` is compared case-insensitively (ASCII letters); entries are lower-cased here.
    explicit PasswordPolicy(std::unordered_set<std::string> common, std::size_t minCodePoints = 8);

    // One password per line; blank lines and lines starting with '#' are skipped.
    // Throws std::runtime_error when the file cannot be read.
    static PasswordPolicy fromFile(const std::string& path, std::size_t minCodePoints = 8);

    // "" when `password` may be used, otherwise the message key saying why:
    // password.tooLong, password.tooShort, password.common or password.personal.
    // `personalWords` are the user's username, names and email address; for an email
    // only the local part counts, and also its pieces between '.', '_', '-' and '+'.
    std::string check(const std::string& password, const std::vector<std::string>& personalWords) const;

    std::size_t minCodePoints() const { return _minCodePoints; }
    std::size_t commonCount() const { return _common.size(); }

    // UTF-8 code points in `text` (bytes that do not continue a sequence).
    static std::size_t codePoints(const std::string& text);

private:
    std::unordered_set<std::string> _common;
    std::size_t _minCodePoints;
};

} // namespace molar::host
