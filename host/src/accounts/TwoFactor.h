#pragma once

#include "molar/sdk/Database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace molar::host {

// The optional second factor of an account: a TOTP secret (RFC 6238) and single-use
// recovery codes, of which only digests are stored. A secret is stored not yet enabled
// when set up, and enabled once the user proves their authenticator shows its codes.
class TwoFactorStore
{
public:
    static constexpr int RECOVERY_CODE_COUNT = 10;

    struct State
    {
        std::string secret;
        bool enabled = false;
        std::int64_t lastStep = -1;
        int recoveryCodesLeft = 0;
    };

    // What a typed code turned out to be.
    enum class Check
    {
        Wrong,
        Totp,
        RecoveryCode,
    };

    std::optional<State> state(sdk::SqlRunner& sql, std::int64_t userId);
    bool isEnabled(sdk::SqlRunner& sql, std::int64_t userId);

    // A new secret, stored not yet enabled (replacing any pending one). Returns it.
    std::string begin(sdk::Transaction& tx, std::int64_t userId, std::int64_t nowMs);
    // Enables the pending secret when `code` is its current code; returns the new
    // recovery codes to show once, or nothing for a wrong code.
    std::optional<std::vector<std::string>> confirm(sdk::Transaction& tx, std::int64_t userId,
                                                    const std::string& code, std::int64_t nowMs);
    // Removes the secret and the recovery codes.
    void disable(sdk::Transaction& tx, std::int64_t userId);
    // Replaces every recovery code; returns the new ones to show once.
    std::vector<std::string> renewRecoveryCodes(sdk::Transaction& tx, std::int64_t userId);

    // Checks a code typed at sign-in against the enabled secret or the unused recovery
    // codes. A TOTP step and a recovery code are each accepted only once, by a
    // conditional UPDATE, so two requests racing with one code cannot both pass.
    Check verify(sdk::Transaction& tx, std::int64_t userId, const std::string& code, std::int64_t nowMs);

    // What was typed, with spaces dropped and Arabic-Indic and Eastern Arabic-Indic
    // digits (as Arabic keyboards type them) made ASCII.
    static std::string normalizeCode(const std::string& typed);
    // "JBSW Y3DP EHPK 3PXP": the secret in groups of four, for typing by hand.
    static std::string grouped(const std::string& secret);
};

} // namespace molar::host
