#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace molar::host {

// RFC 6238 time-based one-time passwords as authenticator apps use them by default:
// HMAC-SHA1, 6 digits, 30-second steps counted from the Unix epoch.
class Totp
{
public:
    static constexpr int DIGITS = 6;
    static constexpr std::int64_t STEP_SECONDS = 30;

    // 20 random bytes (the HMAC-SHA1 block RFC 4226 recommends), base32 without padding.
    static std::string newSecret();

    // The time step holding `unixSeconds`.
    static std::int64_t stepAt(std::int64_t unixSeconds);

    // The code for the step holding `unixSeconds`. Throws std::invalid_argument for a
    // secret that is not base32.
    static std::string code(const std::string& base32Secret, std::int64_t unixSeconds);

    // The step `code` belongs to, when it is one of the steps within ±window of now and
    // later than `lastUsedStep` (so a code seen once is never accepted again; pass -1
    // when no code was used yet). Store the returned step as the new lastUsedStep.
    // Spaces in the code are ignored. Throws std::invalid_argument for a bad secret.
    static std::optional<std::int64_t> verify(const std::string& base32Secret, const std::string& code,
                                              std::int64_t unixSeconds, std::int64_t lastUsedStep,
                                              int window = 1);

    // otpauth://totp/Issuer:account?secret=...&issuer=..., for the enrolment QR code.
    static std::string provisioningUri(const std::string& issuer, const std::string& account,
                                       const std::string& base32Secret);
};

} // namespace molar::host
