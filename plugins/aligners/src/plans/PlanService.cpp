#include "plans/PlanService.h"

#include "plans/PlanEvents.h"
#include "store/AlignerCaseStore.h"
#include "store/OrderStore.h"
#include "store/PlanStore.h"

#include "molar/sdk/Errors.h"
#include "molar/sdk/Events.h"
#include "molar/tokens/UrlToken.h"

#include <chrono>

namespace molar::aligners {

namespace {

constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;

std::string trimmed(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return "";
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

} // namespace

PlanService::PlanService(sdk::Host& host, const AlignersSettings& settings) : _host(host), _settings(settings)
{
}

std::int64_t PlanService::now() const
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(_host.clock().now().time_since_epoch())
        .count();
}

void PlanService::onCaseSubmitted(sdk::Transaction& tx, const sdk::Value& payload)
{
    const std::string product = payload.getString("product");
    bool aligner = false;
    for (const auto& item : _host.catalog())
        aligner = aligner || (item.code == product && item.family == "aligner");
    if (!aligner)
        return;
    AlignerCase c;
    c.caseId = payload.getInt("caseId");
    c.number = payload.getString("number");
    c.organizationId = payload.getInt("organizationId");
    c.clinicId = payload.getInt("clinicId");
    c.ownerUserId = payload.getInt("ownerUserId");
    c.product = product;
    c.status = payload.getString("status");
    c.submittedAt = now();
    c.parentCaseId = payload.getInt("orderOf");
    c.orderKind = payload.getString("orderKind");
    AlignerCaseStore::insertOnce(tx, c);
}

void PlanService::onStatusChanged(sdk::Transaction& tx, const sdk::Value& payload)
{
    const std::int64_t caseId = payload.getInt("caseId");
    const auto c = AlignerCaseStore::find(tx, caseId);
    if (!c)
        return;
    const std::string status = payload.getString("status");
    AlignerCaseStore::setStatus(tx, caseId, status, now());
    // Phases sent together show one status: the move made on one is made on the others
    // that were where it was (each such move comes back here and finds the rest moved).
    const std::string previous = payload.getString("previousStatus");
    const std::string action = payload.getString("action");
    if (!action.empty() && !previous.empty())
        for (std::int64_t sibling : OrderStore::group(tx, caseId)) {
            const auto other = AlignerCaseStore::find(tx, sibling);
            if (sibling == caseId || !other || other->status != previous)
                continue;
            _host.events().publish(tx, "case.move",
                                   sdk::Value::object({{"caseId", sibling},
                                                       {"action", action},
                                                       {"actorUserId", payload.getInt("actorUserId")},
                                                       {"reason", payload.getString("reason")}}));
        }
    // Every aligner order that ships is told of with what it is: the treatment's first
    // aligners, a refinement, a retainer, replacement aligners.
    if (status == "shipped")
        _host.events().publish(
            tx, "order.shipped",
            sdk::Value::object({{"caseId", c->caseId},
                                {"number", c->number},
                                {"organizationId", c->organizationId},
                                {"clinicId", c->clinicId},
                                {"ownerUserId", c->ownerUserId},
                                {"orderKind", c->orderKind.empty() ? "treatment" : c->orderKind},
                                {"trackPath", "/track/" + c->number},
                                {"casePath", "/cases/" + std::to_string(c->caseId)}}));
}

AlignerCase PlanService::readableCase(const PlanCaller& caller, std::int64_t caseId)
{
    auto found = caseId > 0 ? AlignerCaseStore::find(_host.database(), caseId) : std::nullopt;
    if (!found || !caller.reads(*found))
        throw PlanRefusal(404, "aligners.error.notFound");
    return *found;
}

std::vector<Plan> PlanService::plans(std::int64_t caseId)
{
    return PlanStore::ofCase(_host.database(), caseId);
}

std::pair<AlignerCase, Plan> PlanService::readablePlan(const PlanCaller& caller, std::int64_t planId)
{
    auto plan = planId > 0 ? PlanStore::find(_host.database(), planId) : std::nullopt;
    if (!plan)
        throw PlanRefusal(404, "aligners.error.notFound");
    return {readableCase(caller, plan->caseId), *plan};
}

void PlanService::audit(sdk::Transaction& tx, const PlanCaller& caller, const AlignerCase& c,
                        const std::string& action, const std::string& detail)
{
    _host.audit().record(tx, caller.actor, {action, "case", c.number, c.organizationId, detail});
}

void PlanService::moveCase(sdk::Transaction& tx, const PlanCaller& caller, const AlignerCase& c,
                           const std::string& action, const std::string& reason)
{
    try {
        _host.events().publish(tx, "case.move",
                               sdk::Value::object({{"caseId", c.caseId},
                                                   {"action", action},
                                                   {"actorUserId", caller.actor.userId},
                                                   {"reason", reason}}));
    } catch (const sdk::HttpError&) {
        // The cases plugin refused the move (the case moved on meanwhile, or is on hold):
        // nothing here happened either.
        throw PlanRefusal(409, "aligners.error.caseMovedOn");
    }
}

Plan PlanService::upload(const PlanCaller& caller, std::int64_t caseId, const PlanDraft& draft,
                         std::vector<PlanFile> files)
{
    if (!caller.uploads())
        throw PlanRefusal(403, "aligners.error.labUploads");
    Plan plan;
    _host.database().transaction([&](sdk::Transaction& tx) {
        auto c = AlignerCaseStore::lock(tx, caseId);
        if (!c || !caller.reads(*c))
            throw PlanRefusal(404, "aligners.error.notFound");
        if (c->status != "in_planning")
            throw PlanRefusal(409, "aligners.error.notInPlanning");
        plan = Plan{};
        plan.caseId = caseId;
        plan.version = PlanStore::lastVersion(tx, caseId) + 1;
        plan.state = "proposed";
        plan.stepsUpper = draft.stepsUpper;
        plan.stepsLower = draft.stepsLower;
        plan.iprNotes = draft.iprNotes;
        plan.attachmentNotes = draft.attachmentNotes;
        plan.simulationUrl = draft.simulationUrl;
        plan.engagerSteps = draft.engagerSteps;
        plan.uploadedBy = caller.actor.userId;
        plan.uploadedByName = caller.actor.label;
        plan.uploadedAt = now();
        plan.options = draft.options;
        plan.files = files;
        PlanStore::insert(tx, plan);
        moveCase(tx, caller, *c, "send_plan", "");
        audit(tx, caller, *c, "aligners.plan_uploaded", "version " + std::to_string(plan.version));
        publishPlanEvent(_host, tx, "plan.uploaded", *c, plan, caller.actor);
    });
    return plan;
}

Plan PlanService::accept(const PlanCaller& caller, std::int64_t planId, const std::string& planType)
{
    return decide(caller, planId, "accepted", "approve", "plan.accepted", planType, "");
}

Plan PlanService::reject(const PlanCaller& caller, std::int64_t planId, const std::string& reason)
{
    return decide(caller, planId, "rejected", "reject", "plan.rejected", "", reason);
}

Plan PlanService::requestModification(const PlanCaller& caller, std::int64_t planId,
                                      const std::string& reason)
{
    return decide(caller, planId, "modification_requested", "request_changes", "plan.modification_requested",
                  "", reason);
}

Plan PlanService::decide(const PlanCaller& caller, std::int64_t planId, const std::string& state,
                         const std::string& action, const std::string& eventName, const std::string& planType,
                         const std::string& reasonTyped)
{
    const std::string reason = trimmed(reasonTyped);
    if (state != "accepted" && reason.empty())
        throw PlanRefusal(400, "aligners.decision.error.reasonRequired");
    if (reason.size() > kMaxReasonBytes)
        throw PlanRefusal(400, "aligners.decision.error.reasonTooLong");
    Plan decided;
    _host.database().transaction([&](sdk::Transaction& tx) {
        auto plan = planId > 0 ? PlanStore::find(tx, planId) : std::nullopt;
        if (!plan)
            throw PlanRefusal(404, "aligners.error.notFound");
        // The case's row first: two decisions on one case queue here, the second then
        // finds the plan decided.
        auto c = AlignerCaseStore::lock(tx, plan->caseId);
        if (!c || !caller.reads(*c))
            throw PlanRefusal(404, "aligners.error.notFound");
        if (!caller.decides(*c))
            throw PlanRefusal(403, "aligners.error.clinicDecides");
        if (plan->state != "proposed" || PlanStore::lastVersion(tx, c->caseId) != plan->version)
            throw PlanRefusal(409, "aligners.error.alreadyDecided");
        decided = *plan;
        decided.state = state;
        decided.decidedBy = caller.actor.userId;
        decided.decidedByName = caller.actor.label;
        decided.decidedAt = now();
        decided.reason = reason;
        if (state == "accepted") {
            const PlanOption* option = plan->option(planType);
            if (!option)
                throw PlanRefusal(400, "aligners.decision.error.chooseOption");
            decided.chosenType = option->type;
            decided.priceMinor = option->priceMinor;
            decided.currency = option->currency;
        }
        if (!PlanStore::decide(tx, decided))
            throw PlanRefusal(409, "aligners.error.alreadyDecided");
        moveCase(tx, caller, *c, action, reason);
        if (state == "accepted") {
            AlignerCaseStore::setApproved(tx, c->caseId, decided.chosenType, decided.decidedAt);
            publishCasePriced(_host, tx, *c, decided);
        }
        audit(tx, caller, *c, "aligners.plan_" + state,
              "version " + std::to_string(decided.version) +
                  (decided.chosenType.empty() ? "" : ", " + decided.chosenType));
        publishPlanEvent(_host, tx, eventName, *c, decided, caller.actor);
    });
    return decided;
}

std::string PlanService::share(const PlanCaller& caller, std::int64_t planId)
{
    // Named copies, not structured bindings: a lambda below captures them (C++17).
    const auto readable = readablePlan(caller, planId);
    const AlignerCase& c = readable.first;
    const Plan& plan = readable.second;
    const std::string token = tokens::newUrlToken();
    ShareLink link;
    link.planId = plan.id;
    link.caseId = c.caseId;
    link.createdBy = caller.actor.userId;
    link.createdAt = now();
    link.expiresAt = link.createdAt + _settings.shareDays * kDayMs;
    _host.database().transaction([&](sdk::Transaction& tx) {
        ShareLinkStore::insert(tx, link, tokens::tokenDigest(token));
        audit(tx, caller, c, "aligners.plan_shared", "version " + std::to_string(plan.version));
    });
    return token;
}

void PlanService::revokeShare(const PlanCaller& caller, std::int64_t shareId)
{
    auto link = shareId > 0 ? ShareLinkStore::find(_host.database(), shareId) : std::nullopt;
    if (!link)
        throw PlanRefusal(404, "aligners.error.notFound");
    const AlignerCase c = readableCase(caller, link->caseId);
    _host.database().transaction([&](sdk::Transaction& tx) {
        if (ShareLinkStore::revoke(tx, link->id, caller.actor.userId, now()))
            audit(tx, caller, c, "aligners.share_revoked", "link " + std::to_string(link->id));
    });
}

std::vector<ShareLink> PlanService::shares(std::int64_t caseId)
{
    return ShareLinkStore::ofCase(_host.database(), caseId);
}

std::optional<PlanService::Shared> PlanService::shared(const std::string& token)
{
    if (!tokens::looksLikeToken(token))
        return std::nullopt;
    auto link = ShareLinkStore::byDigest(_host.database(), tokens::tokenDigest(token));
    if (!link || !link->opensAt(now()))
        return std::nullopt;
    auto plan = PlanStore::find(_host.database(), link->planId);
    auto c = AlignerCaseStore::find(_host.database(), link->caseId);
    if (!plan || !c)
        return std::nullopt;
    return Shared{*c, *plan, *link};
}

} // namespace molar::aligners
