#pragma once

#include "CreditsSettings.h"
#include "ledger/BalanceWatcher.h"
#include "ledger/CreditLedger.h"

#include "molar/sdk/Audit.h"
#include "molar/sdk/Plugin.h"

#include <cstdint>
#include <memory>
#include <string>

namespace molar::credits {

class AutoRunOutcomes;
class AutoTopUpJob;
class TopUps;

// Auto top-up: a saved card, a threshold and a pack. A crossing (the balance falling under
// the threshold, or a case held, while armed) disarms the account and, with auto top-up on,
// opens exactly one run (credits_auto_runs, unique per organization and crossing) that a job
// charges off-session; a top-up that brings the balance back re-arms it.
class AutoTopUp : public BalanceWatcher
{
public:
    AutoTopUp(sdk::Host& host, const CreditsSettings& settings, const CreditLedger& ledger);
    ~AutoTopUp() override;

    // Set once the top-ups exist (they need this watcher to be built).
    void attach(TopUps& topups) { _topups = &topups; }
    // From start(), after attach() and after the top-ups' own payment handlers: the job
    // "credits.auto-topup", the payment events of runs, and "payment.method_removed".
    void start();

    void balanceFell(sdk::Transaction& tx, CreditAccount& locked, bool caseHeld) override;
    void balanceRose(sdk::Transaction& tx, CreditAccount& locked) override;

    // The owner's settings from the Credits page. CreditRefusal 400 (with the field's
    // catalog key) for a negative threshold, an unknown pack, or a method that is not one of
    // the organization's saved methods able to pay off-session (a pack and a method are
    // needed to turn it on). Audited. Armed with the balance already under the threshold
    // (or a case held), or turned on then with no run open, starts a run at once: a crossing.
    void configure(std::int64_t organizationId, bool enabled, std::int64_t thresholdMinor,
                   const std::string& packCode, const std::string& methodId, const sdk::Actor& actor);

private:
    void cross(sdk::Transaction& tx, CreditAccount& locked);
    bool hasHeld(sdk::SqlRunner& db, std::int64_t organizationId) const;
    bool hasOpenRun(sdk::SqlRunner& db, std::int64_t organizationId) const;
    void onPaymentSucceeded(sdk::Transaction& tx, const sdk::Value& payload);
    void onPaymentFailed(sdk::Transaction& tx, const sdk::Value& payload);
    void onMethodRemoved(sdk::Transaction& tx, const sdk::Value& payload);

    sdk::Host& _host;
    const CreditsSettings& _settings;
    const CreditLedger& _ledger;
    TopUps* _topups = nullptr;
    std::unique_ptr<AutoRunOutcomes> _outcomes;
    std::unique_ptr<AutoTopUpJob> _job;
};

} // namespace molar::credits
