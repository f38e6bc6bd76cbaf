#pragma once

#include "CreditsSettings.h"
#include "autotopup/AutoRuns.h"
#include "ledger/CreditLedger.h"

#include "molar/sdk/Plugin.h"

#include <cstdint>
#include <string>

namespace molar::credits {

// What happens to an auto top-up run, in the caller's transaction with the organization's
// account LOCKED: opened on a crossing, succeeded, failed (reported, counted, and at
// credits.autoTopUp.maxFailures auto top-up turned off), or dropped because the owner
// turned auto top-up off before it was charged. Each is audited.
class AutoRunOutcomes
{
public:
    static constexpr const char* kJob = "credits.auto-topup";

    AutoRunOutcomes(sdk::Host& host, const CreditsSettings& settings, const CreditLedger& ledger)
        : _host(host), _settings(settings), _ledger(ledger)
    {
    }

    std::int64_t now() const;

    // A new pending run for the account's current crossing, and its job.
    void open(sdk::Transaction& tx, const CreditAccount& locked);
    // The attempt's money arrived: the run succeeded and the failures start again from 0.
    void succeeded(sdk::Transaction& tx, CreditAccount& locked, AutoRun run);
    // `turnOff`: auto top-up goes off whatever the count (the card is gone).
    void failed(sdk::Transaction& tx, CreditAccount& locked, AutoRun run, const std::string& failureCode,
                bool turnOff);
    // Auto top-up was turned off before the run charged anything: not a failure.
    void dropped(sdk::Transaction& tx, AutoRun run);
    // Auto top-up off (the owner's card removed, or a failure too many), audited as `actor`.
    void turnOff(sdk::Transaction& tx, CreditAccount& locked, const sdk::Actor& actor,
                 const std::string& why);

    // The code a run's failure is reported with: the provider's, else one for the state.
    static std::string failureCodeOf(sdk::PaymentState state, const std::string& failureCode);

private:
    void audit(sdk::Transaction& tx, const sdk::Actor& actor, const std::string& action, const AutoRun& run,
               const std::string& detail);
    std::string wordedFailure(const std::string& failureCode);

    sdk::Host& _host;
    const CreditsSettings& _settings;
    const CreditLedger& _ledger;
};

} // namespace molar::credits
