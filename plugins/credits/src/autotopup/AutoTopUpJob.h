#pragma once

#include "autotopup/AutoRunOutcomes.h"

#include "molar/sdk/Jobs.h"
#include "molar/sdk/Plugin.h"

#include <cstdint>
#include <stdexcept>
#include <string>

namespace molar::credits {

class TopUps;

// Thrown by a run of the job that finds the charge in flight or its outcome not known yet:
// the queue runs it again later, when the run has moved on. Nothing is wrong, only early.
class AutoRunBusy : public std::runtime_error
{
public:
    explicit AutoRunBusy(const std::string& message) : std::runtime_error(message) {}
};

// The job "credits.auto-topup" {runId}: claims its pending run and opens the top-up (origin
// "auto") in one transaction, then charges the saved card off-session outside any. It may run
// twice, on two hosts: a run already charging is charged again only once it is stale, and
// with the same attempt, whose id is the provider's idempotency key, so the card pays once.
class AutoTopUpJob
{
public:
    // A claim that has not moved for this long is taken for dead: a live job renews its
    // lease (60 s) long before.
    static constexpr std::int64_t kStaleMillis = 2 * 60 * 1000;

    AutoTopUpJob(sdk::Host& host, const CreditLedger& ledger, TopUps& topups, AutoRunOutcomes& outcomes)
        : _host(host), _ledger(ledger), _topups(topups), _outcomes(outcomes)
    {
    }

    void run(const sdk::Job& job);

private:
    void claim(const AutoRun& run);
    void resume(const AutoRun& run);
    void charge(const AutoRun& run);
    // The charge's answer: a settled one settles the run (when the payment events have
    // not already); one not known yet throws AutoRunBusy.
    void settle(const AutoRun& run, sdk::PaymentState state, const std::string& failureCode);
    // Fails a run still pending or charging, under its account's lock.
    void fail(const AutoRun& run, const std::string& failureCode, bool turnOff);
    bool methodExists(std::int64_t organizationId, const std::string& methodId);

    sdk::Host& _host;
    const CreditLedger& _ledger;
    TopUps& _topups;
    AutoRunOutcomes& _outcomes;
};

} // namespace molar::credits
