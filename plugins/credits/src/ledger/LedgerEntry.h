#pragma once

#include "ledger/ReasonWords.h"

#include <cstdint>
#include <string>

namespace molar::credits {

// One append-only row of credits_ledger. `amountMinor` is signed: top-ups and returned
// debits add, debits and refunded top-ups take away, adjustments go either way.
struct LedgerEntry
{
    std::int64_t id = 0;
    std::int64_t organizationId = 0;
    std::string kind; // topup, debit, debit_return, topup_refund, adjustment
    std::int64_t amountMinor = 0;
    std::string currency;
    std::int64_t balanceAfterMinor = 0;
    // What the entry is for, unique: the same source never makes a second entry
    // ("debit:invoice:42", "topup:7", "adjustment:<form key>").
    std::string sourceKey;
    std::int64_t caseId = 0;
    std::string caseNumber;
    std::int64_t invoiceId = 0;
    std::int64_t topupId = 0;
    std::string attemptId;
    std::string reason; // as typed by a person, or the portal's reason in English
    // The portal's reason in each reader's language (credits.reason.*); empty for a typed one.
    ReasonWords words;
    std::int64_t actorUserId = 0; // 0: the system
    std::string actorName;
    std::int64_t createdAt = 0; // epoch milliseconds, UTC
};

namespace EntryKind {
inline constexpr const char* TopUp = "topup";
inline constexpr const char* Debit = "debit";
inline constexpr const char* DebitReturn = "debit_return";
inline constexpr const char* TopUpRefund = "topup_refund";
inline constexpr const char* Adjustment = "adjustment";
} // namespace EntryKind

// Whether a person at the lab wrote the entry's reason (an adjustment, a returned debit),
// so that it is their text and not the portal's.
inline bool reasonTyped(const LedgerEntry& entry)
{
    return entry.kind == EntryKind::Adjustment || entry.kind == EntryKind::DebitReturn;
}

} // namespace molar::credits
