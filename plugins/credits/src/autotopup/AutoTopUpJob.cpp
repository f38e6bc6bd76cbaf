#include "autotopup/AutoTopUpJob.h"

#include "ledger/CreditRefusal.h"
#include "topups/TopUps.h"

#include "molar/sdk/Errors.h"

namespace molar::credits {

void AutoTopUpJob::run(const sdk::Job& job)
{
    const auto run = AutoRuns::find(_host.database(), job.payload.getInt("runId"));
    if (!run)
        return;
    if (run->state == "pending")
        claim(*run);
    else if (run->state == "charging")
        resume(*run);
}

void AutoTopUpJob::claim(const AutoRun& seen)
{
    // Asked before the transaction: the payment service reads on its own connections.
    const auto methods = _host.payments().savedMethods(seen.organizationId);
    const auto providers = _host.payments().providers();
    AutoRun claimed;
    bool ask = false;
    std::string refused;
    try {
        _host.database().transaction([&](sdk::Transaction& tx) {
            CreditAccount locked = _ledger.lock(tx, seen.organizationId, _outcomes.now());
            auto run = AutoRuns::find(tx, seen.id);
            if (!run || run->state != "pending")
                return; // another run of the job claimed it
            if (!locked.autoEnabled) {
                _outcomes.dropped(tx, *run);
                return;
            }
            const sdk::SavedPaymentMethod* method = nullptr;
            for (const auto& m : methods)
                if (std::to_string(m.id) == locked.autoMethodId)
                    method = &m;
            if (!method) {
                _outcomes.failed(tx, locked, *run, "no_card", true);
                return;
            }
            bool offSession = false;
            for (const auto& p : providers)
                if (p.name == method->provider)
                    offSession = p.offSession;
            if (!offSession) {
                _outcomes.failed(tx, locked, *run, "method_unusable", false);
                return;
            }
            // The top-up and its attempt commit with the claim: a run that is charging
            // always names the one attempt every later call reuses.
            const auto started =
                _topups.beginIn(tx, run->organizationId, locked.autoPack, method->provider, "auto", 0);
            run->topupId = started.topupId;
            run->attemptId = started.attemptId;
            run->methodId = locked.autoMethodId;
            run->state = "charging";
            run->updatedAt = _outcomes.now();
            AutoRuns::update(tx, *run);
            claimed = *run;
            ask = true;
        });
    } catch (const CreditRefusal& e) {
        refused = "pack_unavailable"; // the pack left the configuration
        _host.logger().warning("credits: auto top-up run " + std::to_string(seen.id) + ": " + e.what());
    } catch (const std::invalid_argument& e) {
        refused = "method_unusable"; // the provider refused the attempt (its currencies)
        _host.logger().warning("credits: auto top-up run " + std::to_string(seen.id) + ": " + e.what());
    }
    if (!refused.empty())
        fail(seen, refused, false);
    else if (ask)
        charge(claimed);
}

void AutoTopUpJob::resume(const AutoRun& run)
{
    const auto attempt = _host.payments().attempt(run.attemptId);
    if (!attempt)
        throw AutoRunBusy("credits: auto top-up run " + std::to_string(run.id) + " names no attempt yet");
    const bool stale = _outcomes.now() - run.updatedAt >= kStaleMillis;
    if (attempt->state == sdk::PaymentState::Pending) {
        if (!stale)
            throw AutoRunBusy("credits: auto top-up run " + std::to_string(run.id) + " is being charged");
        // The run that claimed it died before asking, or while asking: take it over, once.
        bool taken = false;
        AutoRun touched;
        _host.database().transaction([&](sdk::Transaction& tx) {
            _ledger.lock(tx, run.organizationId, _outcomes.now());
            auto current = AutoRuns::find(tx, run.id);
            if (!current || current->state != "charging" || current->updatedAt != run.updatedAt)
                return;
            current->updatedAt = _outcomes.now();
            AutoRuns::update(tx, *current);
            touched = *current;
            taken = true;
        });
        if (!taken)
            throw AutoRunBusy("credits: auto top-up run " + std::to_string(run.id) + " was taken over");
        charge(touched); // the same attempt: its key makes it the same payment at the provider
        return;
    }
    if (attempt->state == sdk::PaymentState::Unknown) {
        // The charge's answer was lost: ask the provider (the re-sync does too), never charge again.
        auto refreshed = stale ? _host.payments().refresh(run.attemptId) : attempt;
        settle(run, refreshed ? refreshed->state : sdk::PaymentState::Unknown,
               refreshed ? refreshed->failureCode : "");
        return;
    }
    settle(run, attempt->state, attempt->failureCode);
}

void AutoTopUpJob::charge(const AutoRun& run)
{
    sdk::PaymentState state = sdk::PaymentState::Unknown;
    std::string code;
    std::int64_t methodId = 0;
    try {
        methodId = std::stoll(run.methodId);
    } catch (const std::exception&) {
        fail(run, "no_card", true);
        return;
    }
    try {
        const sdk::PaymentResult result = _host.payments().chargeSavedMethod(run.attemptId, methodId, false);
        state = result.state;
        code = result.failureCode;
    } catch (const std::invalid_argument& e) {
        // A settled attempt (another run's answer came first), or a method it may not use.
        _host.logger().warning("credits: auto top-up run " + std::to_string(run.id) + ": " + e.what());
        const auto attempt = _host.payments().attempt(run.attemptId);
        if (attempt && attempt->state != sdk::PaymentState::Pending &&
            attempt->state != sdk::PaymentState::Unknown) {
            state = attempt->state;
            code = attempt->failureCode;
        } else {
            const bool gone = !methodExists(run.organizationId, run.methodId);
            fail(run, gone ? "no_card" : "method_unusable", gone);
            return;
        }
    } catch (const sdk::PaymentUnsupported& e) {
        _host.logger().warning("credits: auto top-up run " + std::to_string(run.id) + ": " + e.what());
        fail(run, "method_unusable", false);
        return;
    } catch (const sdk::PermanentError& e) {
        _host.logger().warning("credits: auto top-up run " + std::to_string(run.id) + ": " + e.what());
        fail(run, "provider_error", false);
        return;
    }
    settle(run, state, code);
}

void AutoTopUpJob::settle(const AutoRun& run, sdk::PaymentState state, const std::string& failureCode)
{
    switch (state) {
    case sdk::PaymentState::Succeeded:
        // payment.succeeded, in the payment service's transaction, credited the top-up
        // (TopUps) and marked the run succeeded (AutoTopUp).
        return;
    case sdk::PaymentState::Failed:
    case sdk::PaymentState::RequiresAction: // off-session, nobody is there to authenticate
    case sdk::PaymentState::Canceled:
        // payment.failed may have failed the run already: then this changes nothing.
        fail(run, AutoRunOutcomes::failureCodeOf(state, failureCode), false);
        return;
    default:
        // Unknown (the answer lost), or not settled at the provider yet: the re-sync and the
        // provider's webhooks settle the attempt; this job looks again later.
        throw AutoRunBusy("credits: the charge of auto top-up run " + std::to_string(run.id) +
                          " is not settled yet");
    }
}

void AutoTopUpJob::fail(const AutoRun& run, const std::string& failureCode, bool turnOff)
{
    _host.database().transaction([&](sdk::Transaction& tx) {
        CreditAccount locked = _ledger.lock(tx, run.organizationId, _outcomes.now());
        const auto current = AutoRuns::find(tx, run.id);
        if (!current || (current->state != "pending" && current->state != "charging"))
            return;
        _outcomes.failed(tx, locked, *current, failureCode, turnOff);
    });
}

bool AutoTopUpJob::methodExists(std::int64_t organizationId, const std::string& methodId)
{
    for (const auto& m : _host.payments().savedMethods(organizationId))
        if (std::to_string(m.id) == methodId)
            return true;
    return false;
}

} // namespace molar::credits
