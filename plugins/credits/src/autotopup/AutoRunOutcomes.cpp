#include "autotopup/AutoRunOutcomes.h"

#include "molar/sdk/Money.h"
#include "molar/sdk/Notifications.h"

#include <chrono>

namespace molar::credits {

namespace {

const sdk::Actor& systemActor()
{
    static const sdk::Actor actor = sdk::Actor::system("credits auto top-up");
    return actor;
}

} // namespace

std::int64_t AutoRunOutcomes::now() const
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(_host.clock().now().time_since_epoch())
        .count();
}

void AutoRunOutcomes::open(sdk::Transaction& tx, const CreditAccount& locked)
{
    AutoRun run;
    run.organizationId = locked.organizationId;
    run.crossing = locked.crossings;
    run.methodId = locked.autoMethodId;
    run.state = "pending";
    run.createdAt = run.updatedAt = now();
    // The crossing is unique per organization: one run, one charge, whatever happens next.
    run.id = AutoRuns::insert(tx, run);
    const std::string id = std::to_string(run.id);
    _host.jobs().enqueue(tx, kJob, sdk::Value::object({{"runId", run.id}}), std::chrono::seconds(0),
                         std::string(kJob) + ":" + id);
    audit(tx, systemActor(), "credits.auto_topup.started", run,
          "crossing " + std::to_string(run.crossing) + ": pack " + locked.autoPack + " to saved method " +
              locked.autoMethodId + " (balance " + sdk::formatMoney({locked.balanceMinor, locked.currency}) +
              ")");
}

void AutoRunOutcomes::succeeded(sdk::Transaction& tx, CreditAccount& locked, AutoRun run)
{
    run.state = "succeeded";
    run.failureCode.clear();
    run.updatedAt = now();
    AutoRuns::update(tx, run);
    if (locked.autoFailures != 0) {
        locked.autoFailures = 0;
        _ledger.saveSettings(tx, locked);
    }
    audit(tx, systemActor(), "credits.auto_topup.succeeded", run,
          "top-up " + std::to_string(run.topupId) + " paid (attempt " + run.attemptId + ")");
}

void AutoRunOutcomes::failed(sdk::Transaction& tx, CreditAccount& locked, AutoRun run,
                             const std::string& failureCode, bool turnOffNow)
{
    run.state = "failed";
    run.failureCode = failureCode;
    run.updatedAt = now();
    AutoRuns::update(tx, run);
    locked.autoFailures += 1;
    const bool off =
        locked.autoEnabled && (turnOffNow || locked.autoFailures >= _settings.autoTopUpMaxFailures);
    _ledger.saveSettings(tx, locked);
    audit(tx, systemActor(), "credits.auto_topup.failed", run,
          failureCode + ", failure " + std::to_string(locked.autoFailures) + " in a row");
    if (off)
        turnOff(tx, locked, systemActor(),
                turnOffNow ? "its saved card is gone"
                           : std::to_string(locked.autoFailures) + " failed auto top-ups in a row");

    // What was to be charged: the top-up's price, or the pack's for the organization.
    std::string packName = locked.autoPack;
    sdk::Money amount{0, locked.currency};
    auto topup =
        tx.query("SELECT pack_name, price_minor, currency FROM credits_topups WHERE id = ?", {run.topupId});
    if (!topup.empty()) {
        packName = topup.get(0, "pack_name").toString();
        amount = {topup.get(0, "price_minor").asInt(), topup.get(0, "currency").toString()};
    } else if (const Pack* pack = _settings.pack(locked.autoPack)) {
        packName = pack->name;
        amount = {_settings.priceFor(*pack, locked.discountBasisPoints), _settings.currency};
    }
    sdk::Value failed = sdk::Value::object({{"organizationId", run.organizationId},
                                            {"runId", run.id},
                                            {"packName", packName},
                                            {"failureCode", failureCode},
                                            {"paymentFailure", wordedFailure(failureCode)},
                                            {"failures", locked.autoFailures},
                                            {"turnedOff", off ? "yes" : "no"},
                                            {"creditsUrl", _host.publicUrl() + "/credits"}});
    sdk::setMessageAmount(failed, "amountText", amount);
    _host.events().publish(tx, "credits.auto_topup_failed", failed);
    _host.logger().warning("credits: the auto top-up of organization " + std::to_string(run.organizationId) +
                           " (run " + std::to_string(run.id) + ") failed: " + failureCode +
                           (off ? "; auto top-up is now off" : ""));
}

void AutoRunOutcomes::dropped(sdk::Transaction& tx, AutoRun run)
{
    run.state = "failed";
    run.failureCode = "turned_off";
    run.updatedAt = now();
    AutoRuns::update(tx, run);
    audit(tx, systemActor(), "credits.auto_topup.dropped", run,
          "auto top-up was turned off before the charge");
}

void AutoRunOutcomes::turnOff(sdk::Transaction& tx, CreditAccount& locked, const sdk::Actor& actor,
                              const std::string& why)
{
    if (!locked.autoEnabled)
        return;
    locked.autoEnabled = false;
    locked.updatedAt = now();
    _ledger.saveSettings(tx, locked);
    _host.audit().record(tx, actor,
                         {"credits.auto_topup.turned_off", "credits_account",
                          std::to_string(locked.organizationId), locked.organizationId,
                          "auto top-up turned off: " + why});
}

std::string AutoRunOutcomes::failureCodeOf(sdk::PaymentState state, const std::string& failureCode)
{
    if (!failureCode.empty())
        return failureCode;
    if (state == sdk::PaymentState::RequiresAction)
        return "authentication_required";
    return state == sdk::PaymentState::Canceled ? "canceled" : "generic";
}

std::string AutoRunOutcomes::wordedFailure(const std::string& failureCode)
{
    // As billing reports a card's failure: the suffix of a `payment.failure.<code>` key the
    // merged catalogs word, else "generic".
    const std::string key = "payment.failure." + failureCode;
    return failureCode.empty() || _host.views().translate(key, "en") == key ? std::string("generic")
                                                                            : failureCode;
}

void AutoRunOutcomes::audit(sdk::Transaction& tx, const sdk::Actor& actor, const std::string& action,
                            const AutoRun& run, const std::string& detail)
{
    _host.audit().record(tx, actor,
                         {action, "credits_auto_run", std::to_string(run.id), run.organizationId, detail});
}

} // namespace molar::credits
