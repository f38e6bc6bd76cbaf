#include "autotopup/AutoTopUp.h"

#include "autotopup/AutoRunOutcomes.h"
#include "autotopup/AutoTopUpJob.h"
#include "ledger/CreditRefusal.h"

#include "molar/sdk/Money.h"
#include "molar/sdk/Notifications.h"

namespace molar::credits {

AutoTopUp::AutoTopUp(sdk::Host& host, const CreditsSettings& settings, const CreditLedger& ledger)
    : _host(host), _settings(settings), _ledger(ledger),
      _outcomes(std::make_unique<AutoRunOutcomes>(host, settings, ledger))
{
}

AutoTopUp::~AutoTopUp() = default;

void AutoTopUp::start()
{
    _job = std::make_unique<AutoTopUpJob>(_host, _ledger, *_topups, *_outcomes);
    sdk::JobOptions options;
    options.maxAttempts = 12; // a run in flight or not settled yet is looked at again, backing off
    _host.jobs().define(
        AutoRunOutcomes::kJob, [this](const sdk::Job& job) { _job->run(job); }, options);
    // After the top-ups' handlers of the same events (registered first): the money is
    // credited, then the run that asked for it is marked.
    _host.events().on("payment.succeeded", [this](sdk::Transaction& tx, const sdk::Event& e) {
        onPaymentSucceeded(tx, e.payload);
    });
    _host.events().on("payment.failed",
                      [this](sdk::Transaction& tx, const sdk::Event& e) { onPaymentFailed(tx, e.payload); });
    _host.events().on("payment.method_removed",
                      [this](sdk::Transaction& tx, const sdk::Event& e) { onMethodRemoved(tx, e.payload); });
}

void AutoTopUp::balanceFell(sdk::Transaction& tx, CreditAccount& locked, bool caseHeld)
{
    if (locked.armed && (locked.balanceMinor < locked.thresholdMinor || caseHeld))
        cross(tx, locked);
}

void AutoTopUp::balanceRose(sdk::Transaction& tx, CreditAccount& locked)
{
    if (locked.armed || locked.balanceMinor < locked.thresholdMinor || hasHeld(tx, locked.organizationId))
        return;
    locked.armed = true;
    _ledger.saveSettings(tx, locked);
}

void AutoTopUp::cross(sdk::Transaction& tx, CreditAccount& locked)
{
    locked.armed = false;
    locked.crossings += 1;
    _ledger.saveSettings(tx, locked);
    const std::string currency = locked.currency.empty() ? _settings.currency : locked.currency;
    // A hold alone (no threshold) is told by credits.case_held.
    if (locked.thresholdMinor > 0 && locked.balanceMinor < locked.thresholdMinor) {
        sdk::Value low = sdk::Value::object({{"organizationId", locked.organizationId},
                                             {"balanceMinor", locked.balanceMinor},
                                             {"thresholdMinor", locked.thresholdMinor},
                                             {"autoTopUp", locked.autoEnabled ? "on" : "off"},
                                             {"creditsUrl", _host.publicUrl() + "/credits"}});
        sdk::setMessageAmount(low, "balanceText", {locked.balanceMinor, currency});
        sdk::setMessageAmount(low, "thresholdText", {locked.thresholdMinor, currency});
        _host.events().publish(tx, "credits.low_balance", low);
    }
    if (locked.autoEnabled)
        _outcomes->open(tx, locked);
}

bool AutoTopUp::hasHeld(sdk::SqlRunner& db, std::int64_t organizationId) const
{
    // Only a hold a top-up can pay: one priced in another currency waits for the lab, and
    // would otherwise keep the account disarmed (no later crossing told or topped up).
    return !db.query("SELECT case_id FROM credits_holds WHERE organization_id = ? AND state = 'held' AND "
                     "currency = ? LIMIT 1",
                     {organizationId, _ledger.currency()})
                .empty();
}

bool AutoTopUp::hasOpenRun(sdk::SqlRunner& db, std::int64_t organizationId) const
{
    return !db.query("SELECT id FROM credits_auto_runs WHERE organization_id = ? AND state IN ('pending', "
                     "'charging') LIMIT 1",
                     {organizationId})
                .empty();
}

void AutoTopUp::configure(std::int64_t organizationId, bool enabled, std::int64_t thresholdMinor,
                          const std::string& packCode, const std::string& methodId, const sdk::Actor& actor)
{
    if (thresholdMinor < 0)
        throw CreditRefusal(400, "credits.autoTopUp.error.threshold");
    if ((enabled || !packCode.empty()) && !_settings.pack(packCode))
        throw CreditRefusal(400, "credits.autoTopUp.error.pack");
    if (enabled || !methodId.empty()) {
        // One of the organization's saved methods, with a provider that charges off-session.
        bool usable = false;
        const auto providers = _host.payments().providers();
        for (const auto& m : _host.payments().savedMethods(organizationId))
            if (std::to_string(m.id) == methodId)
                for (const auto& p : providers)
                    usable = usable || (p.name == m.provider && p.offSession);
        if (!usable)
            throw CreditRefusal(400, "credits.autoTopUp.error.card");
    }

    const std::int64_t now = _outcomes->now();
    _ledger.ensureAccount(_host.database(), organizationId, now);
    _host.database().transaction([&](sdk::Transaction& tx) {
        CreditAccount locked = _ledger.lock(tx, organizationId, now);
        const CreditAccount before = locked;
        const bool turnedOn = enabled && !before.autoEnabled;
        locked.thresholdMinor = thresholdMinor;
        locked.autoPack = packCode;
        locked.autoMethodId = methodId;
        locked.autoEnabled = enabled;
        if (turnedOn)
            locked.autoFailures = 0; // the owner tries again: the count starts afresh
        locked.updatedBy = actor.userId;
        locked.updatedAt = now;
        _ledger.saveSettings(tx, locked);
        const std::string currency = locked.currency.empty() ? _settings.currency : locked.currency;
        _host.audit().record(tx, actor,
                             {"credits.auto_topup.configured", "credits_account",
                              std::to_string(organizationId), organizationId,
                              std::string("auto top-up ") + (enabled ? "on" : "off") +
                                  (before.autoEnabled ? " (was on)" : " (was off)") + ", threshold " +
                                  sdk::formatMoney({thresholdMinor, currency}) + " (was " +
                                  sdk::formatMoney({before.thresholdMinor, currency}) + "), pack '" +
                                  packCode + "' (was '" + before.autoPack + "'), saved method '" + methodId +
                                  "' (was '" + before.autoMethodId + "')"});

        const bool short_ = locked.balanceMinor < locked.thresholdMinor || hasHeld(tx, organizationId);
        // Already under the new threshold: that is the crossing. Turned on after a crossing
        // that had no run (auto top-up was off then): the run that crossing did not get.
        if (short_ && (locked.armed || (turnedOn && !hasOpenRun(tx, organizationId))))
            cross(tx, locked);
        else if (!short_)
            balanceRose(tx, locked); // a lower threshold may re-arm it
    });
}

void AutoTopUp::onPaymentSucceeded(sdk::Transaction& tx, const sdk::Value& payload)
{
    if (payload.getString("purposeKind") != "topup")
        return;
    const auto run = AutoRuns::byAttempt(tx, payload.getString("attemptId"));
    if (!run || run->state == "succeeded")
        return;
    // A part of the price (never for a card, but the payload tells): the run waits for the rest.
    if (payload.has("paidInFull") && payload.get("paidInFull").isBool() &&
        !payload.get("paidInFull").asBool())
        return;
    CreditAccount locked = _ledger.lock(tx, run->organizationId, _outcomes->now());
    _outcomes->succeeded(tx, locked, *run);
}

void AutoTopUp::onPaymentFailed(sdk::Transaction& tx, const sdk::Value& payload)
{
    if (payload.getString("purposeKind") != "topup")
        return;
    const auto run = AutoRuns::byAttempt(tx, payload.getString("attemptId"));
    if (!run || run->state != "charging")
        return;
    CreditAccount locked = _ledger.lock(tx, run->organizationId, _outcomes->now());
    const auto current = AutoRuns::find(tx, run->id);
    if (!current || current->state != "charging")
        return;
    _outcomes->failed(
        tx, locked, *current,
        AutoRunOutcomes::failureCodeOf(sdk::PaymentState::Failed, payload.getString("failureCode")), false);
}

void AutoTopUp::onMethodRemoved(sdk::Transaction& tx, const sdk::Value& payload)
{
    const std::int64_t organizationId = payload.getInt("organizationId");
    const std::string methodId = std::to_string(payload.getInt("methodId"));
    if (organizationId <= 0 || _ledger.account(tx, organizationId).autoMethodId != methodId)
        return;
    CreditAccount locked = _ledger.lock(tx, organizationId, _outcomes->now());
    if (locked.autoMethodId != methodId)
        return;
    const std::int64_t userId = payload.getInt("actorUserId");
    const sdk::Actor actor{userId, userId > 0 ? "user " + std::to_string(userId) : "system", ""};
    // The card is gone: nothing may charge it, whatever the owner turns on later.
    locked.autoMethodId.clear();
    if (locked.autoEnabled) {
        _outcomes->turnOff(tx, locked, actor, "its saved card (method " + methodId + ") was removed");
        return;
    }
    locked.updatedAt = _outcomes->now();
    _ledger.saveSettings(tx, locked);
    _host.audit().record(tx, actor,
                         {"credits.auto_topup.configured", "credits_account", std::to_string(organizationId),
                          organizationId,
                          "saved method '" + methodId + "' removed from the auto top-up settings"});
}

} // namespace molar::credits
