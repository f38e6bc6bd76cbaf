#pragma once

#include "molar/sdk/Database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace molar::billing {

// A case paid by a saved card (billing modes prepay and autopay): a row of
// billing_card_charges. Times are epoch milliseconds, UTC; 0 means not yet.
//
// Prepay: submitted -> authorizing -> authorized (the card holds the invoice's total;
// the invoice is a draft) -> capturing -> captured (the invoice issued, paid). An
// authorized hold that ages is renewed: reauthorizing -> authorized, or
// reauth_failed (the old hold stays until it lapses). failed: no hold could be made
// (no default card, a decline, authentication required); the invoice is issued,
// payable by hand. unpriced: nothing priced the case at submission; it is invoiced
// when it ships (invoiced). capture_failed: the hold could not be captured; the
// invoice is issued, payable by hand. cancelling -> cancelled: the case was
// cancelled, the hold released and the invoice voided.
// Autopay: shipped -> charging -> charged, or failed (the invoice stays issued).
// authorizing, reauthorizing, capturing, charging and cancelling are "in flight": a
// job called the provider, or is about to.
struct CardCharge
{
    std::int64_t caseId = 0;
    std::int64_t organizationId = 0;
    std::string caseNumber;
    std::string mode;  // "prepay" or "autopay"
    std::string state; // see above
    std::int64_t invoiceId = 0;
    std::string attemptId; // the hold (prepay) or the charge (autopay)
    std::string
        previousAttemptId;     // reauthorizing: the hold being replaced; reauth_failed: the try that failed
    std::int64_t methodId = 0; // the saved method charged (the host's id)
    std::string failureCode;   // the provider's code of the last failure
    std::int64_t authorizedAt = 0; // when the current hold was made
    std::int64_t shippedAt = 0;
    std::int64_t createdAt = 0;
    std::int64_t updatedAt = 0;

    bool inFlight() const;
};

// billing_card_charges: reads and writes, no rules (the Prepay* and Autopay* classes
// decide). A row is made once per case, in the transaction of the case's event, and
// moved by conditional updates that only one transaction can win.
class CardCharges
{
public:
    // Inserts the row unless the case has one; answers whether it did. The case's row
    // is locked by the transaction publishing its event, so no two inserts race.
    static bool open(sdk::Transaction& tx, const CardCharge& charge);
    static std::optional<CardCharge> find(sdk::SqlRunner& db, std::int64_t caseId);
    // The row, locked until the transaction ends (FOR UPDATE on MySQL; SQLite's
    // transactions hold the write lock).
    static std::optional<CardCharge> findForUpdate(sdk::Transaction& tx, std::int64_t caseId);
    // Writes every column but the case, organization, mode and creation back.
    static void update(sdk::Transaction& tx, const CardCharge& charge);
    // Moves the row from `from` to `to` if it is still in `from`; true for the one
    // transaction that did.
    static bool move(sdk::Transaction& tx, std::int64_t caseId, const std::string& from,
                     const std::string& to, std::int64_t now);
    // Takes over a row left in flight since `seenUpdatedAt` by a run that seems dead:
    // true for the one transaction that moved its time on.
    static bool touch(sdk::Transaction& tx, const CardCharge& seen, std::int64_t now);
    // Prepay holds made at or before `before` for cases not shipped yet, oldest first.
    static std::vector<CardCharge> agingHolds(sdk::SqlRunner& db, std::int64_t before, int limit);
    // Rows left in `state` since at or before `before` (renewals whose answer was lost).
    static std::vector<CardCharge> stuckIn(sdk::SqlRunner& db, const std::string& state, std::int64_t before,
                                           int limit);
    // The mode that took the case ("prepay", "autopay"), or "" when no card mode did.
    static std::string modeOf(sdk::SqlRunner& db, std::int64_t caseId);
};

} // namespace molar::billing
