#include "expiry/ExpiryService.h"

#include "store/AlignerCaseStore.h"

#include "molar/sdk/Events.h"
#include "molar/sdk/Money.h"
#include "molar/sdk/Notifications.h"

#include <chrono>

namespace molar::aligners {

namespace {

int rank(const std::string& level)
{
    if (level == "bold")
        return 1;
    if (level == "red")
        return 2;
    if (level == "expired")
        return 3;
    return 0;
}

std::string trimmed(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return "";
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

} // namespace

ExpiryService::ExpiryService(sdk::Host& host, const AlignersSettings& settings)
    : _host(host), _settings(settings)
{
}

std::int64_t ExpiryService::now() const
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(_host.clock().now().time_since_epoch())
        .count();
}

date::year_month_day ExpiryService::today() const
{
    return labDay(now(), _host.timeZone());
}

std::optional<date::year_month_day> ExpiryService::firstShipmentDay(const AlignerCase& c) const
{
    if (c.firstShippedAt == 0)
        return std::nullopt;
    return labDay(c.firstShippedAt, _host.timeZone());
}

std::optional<CaseExpiry> ExpiryService::expiryOf(const AlignerCase& c) const
{
    const PlanType* type = _settings.plans.find(c.planType);
    if (!type)
        return std::nullopt;
    const auto expiry = expiryDate(firstShipmentDay(c), type->expiryMonths);
    if (!expiry)
        return std::nullopt;
    return CaseExpiry{*expiry, expiryEmphasis(expiry, today())};
}

std::vector<UpgradeOffer> ExpiryService::upgradeOffers(const AlignerCase& c) const
{
    std::vector<UpgradeOffer> offers;
    const auto shipped = firstShipmentDay(c);
    const auto day = today();
    for (const auto& code : upgradeTargets(_settings.plans, c.planType)) {
        const UpgradeDecision decision = decideUpgrade(_settings.plans, c.planType, code, shipped, day);
        const PlanType* type = _settings.plans.find(code);
        if (decision.allowed() && type)
            offers.push_back({code, type->name, decision.feeMinor, decision.expiry});
    }
    return offers;
}

std::vector<PlanUpgrade> ExpiryService::upgrades(std::int64_t caseId)
{
    return ExpiryStore::upgradesOf(_host.database(), caseId);
}

PlanUpgrade ExpiryService::upgrade(const PlanCaller& caller, std::int64_t caseId, const std::string& planType,
                                   const std::string& shownFrom)
{
    const std::string chosen = trimmed(planType);
    PlanUpgrade done;
    _host.database().transaction([&](sdk::Transaction& tx) {
        // The case's row first: two upgrades of one case queue here, and the second then
        // finds the type the first left.
        auto c = caseId > 0 ? AlignerCaseStore::lock(tx, caseId) : std::nullopt;
        if (!c || !caller.reads(*c))
            throw PlanRefusal(404, "aligners.error.notFound");
        if (!caller.decides(*c))
            throw PlanRefusal(403, "aligners.error.clinicDecides");
        if (c->planType.empty())
            throw PlanRefusal(409, "aligners.upgrade.error.noPlan");
        if (c->status == "cancelled")
            throw PlanRefusal(409, "aligners.upgrade.error.cancelled");
        if (!shownFrom.empty() && shownFrom != c->planType)
            throw PlanRefusal(409, "aligners.upgrade.error.changedMeanwhile");
        if (chosen.empty())
            throw PlanRefusal(400, "aligners.upgrade.error.choose");
        const auto decision =
            decideUpgrade(_settings.plans, c->planType, chosen, firstShipmentDay(*c), today());
        if (!decision.allowed())
            throw PlanRefusal(400, decision.refusal);
        const PlanType* from = _settings.plans.find(c->planType);
        const PlanType* to = _settings.plans.find(chosen);
        done.caseId = c->caseId;
        done.fromType = c->planType;
        done.toType = chosen;
        done.feeMinor = decision.feeMinor;
        done.currency = _settings.plans.currency;
        done.upgradedBy = caller.actor.userId;
        done.upgradedAt = now();
        // The reminders of the new expiry start from what the clinic sees as it upgrades.
        const ExpiryEmphasis emphasis = expiryEmphasis(decision.expiry, today());
        ExpiryStore::insertUpgrade(tx, done);
        ExpiryStore::setPlanType(tx, c->caseId, chosen,
                                 emphasis == ExpiryEmphasis::None ? "none" : emphasisName(emphasis),
                                 done.upgradedAt);
        const std::string fromName = from ? from->name : done.fromType;
        const std::string toName = to ? to->name : done.toType;
        const std::string fee = sdk::formatMoney({done.feeMinor, done.currency});
        _host.audit().record(tx, caller.actor,
                             {"aligners.plan_upgraded", "case", c->number, c->organizationId,
                              done.fromType + " -> " + done.toType + ", fee " + fee});
        _host.events().publish(
            tx, "case.activity",
            sdk::Value::object(
                {{"caseId", c->caseId},
                 {"kind", "plan"},
                 {"summaryKey", "aligners.timeline.upgraded"},
                 {"summaryFields",
                  sdk::Value::object({{"from", fromName},
                                      {"to", toName},
                                      {"fee", sdk::messageAmount({done.feeMinor, done.currency})}})},
                 {"link", c->path() + "#expiry"},
                 {"actor", caller.actor.label}}));
        if (done.feeMinor > 0)
            _host.events().publish(
                tx, "case.charged",
                sdk::Value::object(
                    {{"chargeKey", "aligners.upgrade." + std::to_string(c->caseId) + "." + chosen},
                     {"caseId", c->caseId},
                     {"number", c->number},
                     {"organizationId", c->organizationId},
                     {"clinicId", c->clinicId},
                     {"amountMinor", done.feeMinor},
                     {"currency", done.currency},
                     {"label", "Plan upgrade " + fromName + " \xE2\x86\x92 " + toName},
                     {"itemKey", "aligners.charge.upgrade"},
                     {"detail", fromName + " \xE2\x86\x92 " + toName}}));
    });
    return done;
}

int ExpiryService::sendReminders()
{
    const auto day = today();
    int sent = 0;
    for (const std::int64_t caseId : ExpiryStore::remindable(_host.database()))
        sent += remind(caseId, day) ? 1 : 0;
    return sent;
}

bool ExpiryService::remind(std::int64_t caseId, const date::year_month_day& day)
{
    bool sent = false;
    _host.database().transaction([&](sdk::Transaction& tx) {
        const auto c = AlignerCaseStore::find(tx, caseId);
        const PlanType* type = c ? _settings.plans.find(c->planType) : nullptr;
        if (!type)
            return;
        const auto expiry = expiryDate(firstShipmentDay(*c), type->expiryMonths);
        if (!expiry)
            return;
        const ExpiryEmphasis emphasis = expiryEmphasis(expiry, day);
        const std::string level = emphasisName(emphasis);
        const std::string last = ExpiryStore::reminded(tx, caseId);
        if (emphasis == ExpiryEmphasis::None || rank(level) <= rank(last))
            return;
        // The guard: of two hosts running the job at once, one moves the level.
        if (!ExpiryStore::markReminded(tx, caseId, last, level))
            return;
        if (emphasis == ExpiryEmphasis::Expired)
            return; // nothing more to tell: the case leaves the job's list
        const sdk::Value expiresOn = sdk::messageDate(labNoon(*expiry, _host.timeZone()), _host.timeZone());
        _host.events().publish(tx, "plan.expiring",
                               sdk::Value::object({{"caseId", c->caseId},
                                                   {"number", c->number},
                                                   {"organizationId", c->organizationId},
                                                   {"clinicId", c->clinicId},
                                                   {"ownerUserId", c->ownerUserId},
                                                   {"planPath", c->path()},
                                                   {"planType", c->planType},
                                                   {"planTypeName", type->name},
                                                   {"expiresOn", isoDate(*expiry)},
                                                   {"dates", sdk::Value::object({{"expiresOn", expiresOn}})},
                                                   {"level", level}}));
        // On the case's timeline too: who was reminded of what, and when.
        _host.events().publish(
            tx, "case.activity",
            sdk::Value::object({{"caseId", c->caseId},
                                {"kind", "plan"},
                                {"summaryKey", "aligners.timeline.expiring." + level},
                                {"summaryFields", sdk::Value::object({{"expiresOn", expiresOn}})},
                                {"link", c->path() + "#expiry"},
                                {"actor", "system"}}));
        sent = true;
    });
    return sent;
}

} // namespace molar::aligners
