#include "accounts/TwoFactor.h"

#include "accounts/security/RecoveryCodes.h"
#include "accounts/security/Totp.h"

#include <stdexcept>

namespace molar::host {

std::optional<TwoFactorStore::State> TwoFactorStore::state(sdk::SqlRunner& sql, std::int64_t userId)
{
    auto rows =
        sql.query("SELECT secret, enabled, last_step FROM molar_two_factor WHERE user_id = ?", {userId});
    if (rows.empty())
        return std::nullopt;
    State s;
    s.secret = rows.row(0).at(0).asString();
    s.enabled = rows.row(0).at(1).asInt() != 0;
    s.lastStep = rows.row(0).at(2).asInt();
    s.recoveryCodesLeft = static_cast<int>(
        sql.query("SELECT COUNT(*) FROM molar_recovery_codes WHERE user_id = ? AND used_at IS NULL", {userId})
            .row(0)
            .at(0)
            .asInt());
    return s;
}

bool TwoFactorStore::isEnabled(sdk::SqlRunner& sql, std::int64_t userId)
{
    return !sql.query("SELECT 1 FROM molar_two_factor WHERE user_id = ? AND enabled = 1", {userId}).empty();
}

std::string TwoFactorStore::begin(sdk::Transaction& tx, std::int64_t userId, std::int64_t nowMs)
{
    if (isEnabled(tx, userId))
        throw std::logic_error("two-factor sign-in is already on");
    const std::string secret = Totp::newSecret();
    tx.execute("DELETE FROM molar_two_factor WHERE user_id = ?", {userId});
    tx.execute("INSERT INTO molar_two_factor (user_id, secret, enabled, last_step, created_at)"
               " VALUES (?, ?, 0, -1, ?)",
               {userId, secret, nowMs});
    return secret;
}

std::optional<std::vector<std::string>> TwoFactorStore::confirm(sdk::Transaction& tx, std::int64_t userId,
                                                                const std::string& code, std::int64_t nowMs)
{
    auto s = state(tx, userId);
    if (!s || s->enabled)
        return std::nullopt;
    auto step = Totp::verify(s->secret, normalizeCode(code), nowMs / 1000, -1);
    if (!step)
        return std::nullopt;
    if (tx.execute("UPDATE molar_two_factor SET enabled = 1, last_step = ? WHERE user_id = ? AND enabled = 0",
                   {*step, userId}) != 1)
        return std::nullopt;
    return renewRecoveryCodes(tx, userId);
}

void TwoFactorStore::disable(sdk::Transaction& tx, std::int64_t userId)
{
    tx.execute("DELETE FROM molar_two_factor WHERE user_id = ?", {userId});
    tx.execute("DELETE FROM molar_recovery_codes WHERE user_id = ?", {userId});
}

std::vector<std::string> TwoFactorStore::renewRecoveryCodes(sdk::Transaction& tx, std::int64_t userId)
{
    tx.execute("DELETE FROM molar_recovery_codes WHERE user_id = ?", {userId});
    auto codes = RecoveryCodes::generate(RECOVERY_CODE_COUNT);
    for (const auto& code : codes)
        tx.execute("INSERT INTO molar_recovery_codes (user_id, digest, used_at) VALUES (?, ?, NULL)",
                   {userId, RecoveryCodes::digest(code)});
    return codes;
}

TwoFactorStore::Check TwoFactorStore::verify(sdk::Transaction& tx, std::int64_t userId,
                                             const std::string& code, std::int64_t nowMs)
{
    auto s = state(tx, userId);
    if (!s || !s->enabled)
        return Check::Wrong;
    const std::string typed = normalizeCode(code);
    if (typed.size() == static_cast<std::size_t>(Totp::DIGITS)) {
        auto step = Totp::verify(s->secret, typed, nowMs / 1000, s->lastStep);
        // Of two requests with one code, only the one whose UPDATE moves last_step passes.
        if (step &&
            tx.execute("UPDATE molar_two_factor SET last_step = ? WHERE user_id = ? AND last_step < ?",
                       {*step, userId, *step}) == 1)
            return Check::Totp;
        return Check::Wrong;
    }
    const std::string normalized = RecoveryCodes::normalize(typed);
    if (normalized.size() != 12)
        return Check::Wrong;
    if (tx.execute("UPDATE molar_recovery_codes SET used_at = ? WHERE user_id = ? AND digest = ? AND used_at "
                   "IS NULL",
                   {nowMs, userId, RecoveryCodes::digest(normalized)}) == 1)
        return Check::RecoveryCode;
    return Check::Wrong;
}

std::string TwoFactorStore::normalizeCode(const std::string& typed)
{
    std::string out;
    for (std::size_t i = 0; i < typed.size(); ++i) {
        const auto c = static_cast<unsigned char>(typed[i]);
        const auto n = i + 1 < typed.size() ? static_cast<unsigned char>(typed[i + 1]) : 0;
        if (c == ' ' || c == '\t')
            continue;
        if (c == 0xD9 && n >= 0xA0 && n <= 0xA9) { // U+0660..U+0669
            out += static_cast<char>('0' + (n - 0xA0));
            ++i;
        } else if (c == 0xDB && n >= 0xB0 && n <= 0xB9) { // U+06F0..U+06F9
            out += static_cast<char>('0' + (n - 0xB0));
            ++i;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out.size() > 64 ? out.substr(0, 64) : out;
}

std::string TwoFactorStore::grouped(const std::string& secret)
{
    std::string out;
    for (std::size_t i = 0; i < secret.size(); ++i) {
        if (i > 0 && i % 4 == 0)
            out += ' ';
        out += secret[i];
    }
    return out;
}

} // namespace molar::host
