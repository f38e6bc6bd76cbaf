#pragma once

#include "ledger/CreditAccount.h"
#include "ledger/LedgerEntry.h"

#include "molar/sdk/Database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace molar::credits {

// credits_ledger and credits_accounts. Every change to a balance locks the organization's
// account row first, so concurrent debits and top-ups (threads, or hosts sharing MariaDB)
// queue on it; the cached balance moves in the same transaction as the entry, so it always
// equals the ledger's sum, and no entry may take it below zero.
class CreditLedger
{
public:
    // `defaultThresholdMinor`: the low-balance threshold a new account starts with
    // (credits.lowBalanceDefault), until its owner sets one.
    explicit CreditLedger(std::string currency, std::int64_t defaultThresholdMinor = 0)
        : _currency(std::move(currency)), _defaultThresholdMinor(defaultThresholdMinor)
    {
    }

    const std::string& currency() const { return _currency; }

    // Creates the organization's account when it has none (in its own statement, before a
    // transaction that locks it, so two creators never deadlock).
    void ensureAccount(sdk::SqlRunner& db, std::int64_t organizationId, std::int64_t now) const;
    // The account, its row locked until `tx` ends (FOR UPDATE on MySQL; SQLite's immediate
    // transaction already holds the write lock). Creates it when missing.
    CreditAccount lock(sdk::Transaction& tx, std::int64_t organizationId, std::int64_t now) const;
    // The account as it stands (a default, unsaved one when the organization has none).
    CreditAccount account(sdk::SqlRunner& db, std::int64_t organizationId) const;
    // Every account, by organization id (the lab's view).
    std::vector<CreditAccount> accounts(sdk::SqlRunner& db) const;
    // Writes the settings of a LOCKED account: threshold, armed, crossings, auto_*, discount,
    // updated_by/at. Never the balance (only append moves it).
    void saveSettings(sdk::Transaction& tx, const CreditAccount& locked) const;

    // Appends `entry` (signed amount, kind, source key, what it belongs to) to a LOCKED
    // account and moves the cached balance, also in `locked`. Nothing when the source key was
    // used before (a replay). Throws CreditRefusal(409, "credits.error.insufficient") when the
    // balance would fall below zero; the caller's transaction then rolls back.
    std::optional<LedgerEntry> append(sdk::Transaction& tx, CreditAccount& locked, LedgerEntry entry) const;

    // SUM(amount_minor) of the organization's entries: what the cached balance must equal.
    std::int64_t ledgerSum(sdk::SqlRunner& db, std::int64_t organizationId) const;
    std::optional<LedgerEntry> entryBySource(sdk::SqlRunner& db, const std::string& sourceKey) const;

    // Activity, newest first. `kind` empty: every kind; times are epoch milliseconds,
    // [fromMs, toMs) when not 0; `beforeId` pages (0: from the newest); `limit` 0: no limit (CSV).
    struct Filter
    {
        std::string kind;
        std::int64_t fromMs = 0;
        std::int64_t toMs = 0;
        std::int64_t beforeId = 0;
        int limit = 50;
    };
    std::vector<LedgerEntry> entries(sdk::SqlRunner& db, std::int64_t organizationId,
                                     const Filter& filter) const;

private:
    std::string _currency;
    std::int64_t _defaultThresholdMinor = 0;
};

} // namespace molar::credits
