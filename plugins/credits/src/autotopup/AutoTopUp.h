#pragma once

#include "CreditsSettings.h"
#include "ledger/BalanceWatcher.h"
#include "ledger/CreditLedger.h"

#include "molar/sdk/Audit.h"
#include "molar/sdk/Plugin.h"

#include <cstdint>
#include <string>

namespace molar::credits {

class TopUps;

// Auto top-up: a saved card, a threshold and a pack. A crossing (the balance falling under
// the threshold, or a case held, while armed) disarms the account and, with auto top-up on,
// opens exactly one run (credits_auto_runs, unique per organization and crossing) that a job
// charges off-session; a top-up that brings the balance back re-arms it.
class AutoTopUp : public BalanceWatcher
{
public:
    AutoTopUp(sdk::Host& host, const CreditsSettings& settings, const CreditLedger& ledger);

    // Set once the top-ups exist (they need this watcher to be built).
    void attach(TopUps& topups) { _topups = &topups; }
    // From start(): the job "credits.auto-topup", the payment events of runs, and
    // "payment.method_removed".
    void start();

    void balanceFell(sdk::Transaction& tx, CreditAccount& locked, bool caseHeld) override;
    void balanceRose(sdk::Transaction& tx, CreditAccount& locked) override;

    // The owner's settings from the Credits page. CreditRefusal 400 (with the field's
    // catalog key) for a negative threshold, an unknown pack, or a method that is not one of
    // the organization's saved methods. Enabling while armed with the balance already under
    // the threshold starts a run at once.
    void configure(std::int64_t organizationId, bool enabled, std::int64_t thresholdMinor,
                   const std::string& packCode, const std::string& methodId, const sdk::Actor& actor);

private:
    sdk::Host& _host;
    const CreditsSettings& _settings;
    const CreditLedger& _ledger;
    TopUps* _topups = nullptr;
};

} // namespace molar::credits
