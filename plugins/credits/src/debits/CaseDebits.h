#pragma once

#include "debits/HeldCase.h"
#include "ledger/CreditLedger.h"

#include "molar/sdk/Audit.h"
#include "molar/sdk/Events.h"
#include "molar/sdk/Plugin.h"

#include <cstdint>
#include <string>
#include <vector>

namespace molar::credits {

class BalanceWatcher;

// Cases paid from the balance. Billing publishes "invoice.credits_due" when the lab receives
// a case of a credits organization; the balance pays it at once ("credits.debited", which
// billing turns into a paid invoice) or the case waits ("case.move" await_credit), behind
// any case already waiting, until a top-up resumes the waiting cases oldest first.
class CaseDebits
{
public:
    CaseDebits(sdk::Host& host, const CreditLedger& ledger, BalanceWatcher& watcher);

    // Synchronous handler of "invoice.credits_due".
    void onCreditsDue(sdk::Transaction& tx, const sdk::Value& payload);
    // Resumes held cases oldest first while the balance covers each; stops at the first that
    // does not fit. Called on a LOCKED account after every entry that raised the balance.
    void resumeHeld(sdk::Transaction& tx, CreditAccount& locked);
    // Synchronous handler of "case.cancelled": an open hold ends, nothing is debited.
    void onCaseCancelled(sdk::Transaction& tx, const sdk::Value& payload);
    // The lab gives a case's debit back to the balance, once per invoice, with a reason
    // ("credits.debit_returned" tells billing). 404 (CreditRefusal) for an invoice the
    // organization's ledger never debited.
    LedgerEntry returnDebit(std::int64_t organizationId, std::int64_t invoiceId, const std::string& reason,
                            const sdk::Actor& actor);
    // Cases held now, oldest first; organizationId 0: every organization's.
    std::vector<HeldCase> held(sdk::SqlRunner& db, std::int64_t organizationId) const;
    bool hasHeld(sdk::SqlRunner& db, std::int64_t organizationId) const;

private:
    void publishDebited(sdk::Transaction& tx, const LedgerEntry& entry);

    sdk::Host& _host;
    const CreditLedger& _ledger;
    BalanceWatcher& _watcher;
};

} // namespace molar::credits
