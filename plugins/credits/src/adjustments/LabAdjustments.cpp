#include "adjustments/LabAdjustments.h"

#include "autotopup/AutoTopUp.h"
#include "debits/CaseDebits.h"
#include "ledger/CreditLedger.h"
#include "ledger/CreditRefusal.h"

#include "molar/sdk/Money.h"

#include <chrono>

namespace molar::credits {

std::int64_t LabAdjustments::now() const
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               _services.host.clock().now().time_since_epoch())
        .count();
}

std::optional<LedgerEntry> LabAdjustments::adjust(std::int64_t organizationId, std::int64_t amountMinor,
                                                  const std::string& reason, const std::string& key,
                                                  const sdk::Actor& actor)
{
    if (amountMinor == 0)
        throw CreditRefusal(400, "credits.lab.error.amount");
    if (reason.empty())
        throw CreditRefusal(400, "credits.lab.error.reasonRequired");
    sdk::Host& host = _services.host;
    const CreditLedger& ledger = _services.ledger;
    // The row first, in its own statement: two first writers then queue on its lock.
    ledger.ensureAccount(host.database(), organizationId, now());

    std::optional<LedgerEntry> made;
    host.database().transaction([&](sdk::Transaction& tx) {
        CreditAccount locked = ledger.lock(tx, organizationId, now());
        LedgerEntry entry;
        entry.organizationId = organizationId;
        entry.kind = EntryKind::Adjustment;
        entry.amountMinor = amountMinor;
        entry.currency = ledger.currency();
        entry.sourceKey = "adjustment:" + key;
        entry.reason = reason;
        entry.actorUserId = actor.userId;
        entry.actorName = actor.label;
        entry.createdAt = now();
        made = ledger.append(tx, locked, entry);
        if (!made)
            return; // the same form again: its entry is there
        const std::string amount = sdk::formatMoney({made->amountMinor, made->currency});
        host.audit().record(
            tx, actor,
            {"credits.adjustment", "organization", std::to_string(organizationId), organizationId,
             amount + ", balance " + sdk::formatMoney({made->balanceAfterMinor, made->currency}) + " (" +
                 reason + ")"});
        if (amountMinor > 0) {
            _services.debits.resumeHeld(tx, locked);
            _services.autoTopUp.balanceRose(tx, locked);
        } else {
            _services.autoTopUp.balanceFell(tx, locked, false);
        }
    });
    return made;
}

bool LabAdjustments::setDiscount(std::int64_t organizationId, int basisPoints, const sdk::Actor& actor)
{
    if (basisPoints < 0 || basisPoints > CreditsSettings::kMaxDiscountBasisPoints)
        throw CreditRefusal(400, "credits.lab.error.discount");
    sdk::Host& host = _services.host;
    const CreditLedger& ledger = _services.ledger;
    ledger.ensureAccount(host.database(), organizationId, now());
    bool changed = false;
    host.database().transaction([&](sdk::Transaction& tx) {
        CreditAccount locked = ledger.lock(tx, organizationId, now());
        if (locked.discountBasisPoints == basisPoints)
            return;
        const int before = locked.discountBasisPoints;
        locked.discountBasisPoints = basisPoints;
        locked.updatedBy = actor.userId;
        locked.updatedAt = now();
        ledger.saveSettings(tx, locked);
        host.audit().record(
            tx, actor,
            {"credits.discount_changed", "organization", std::to_string(organizationId), organizationId,
             std::to_string(before) + " -> " + std::to_string(basisPoints) + " basis points"});
        changed = true;
    });
    return changed;
}

} // namespace molar::credits
