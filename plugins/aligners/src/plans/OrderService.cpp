#include "plans/OrderService.h"

#include "rules/PlanExpiry.h"
#include "rules/ReplacementRules.h"
#include "store/AlignerCaseStore.h"
#include "store/PlanStore.h"

#include "molar/sdk/Errors.h"
#include "molar/sdk/Events.h"

#include <algorithm>
#include <chrono>

namespace molar::aligners {

namespace {

std::string joined(const std::vector<int>& steps)
{
    std::string out;
    for (int step : steps)
        out += (out.empty() ? "" : ",") + std::to_string(step);
    return out;
}

std::string engagerText(const PerArch<std::vector<int>>& steps)
{
    std::string out;
    for (Arch arch : kArches)
        for (int step : steps.of(arch))
            out += (out.empty() ? "" : ",") + std::string(arch == Arch::Upper ? "U" : "L") +
                   std::to_string(step);
    return out;
}

// "5,6,7" -> 3.
int stepCount(const std::string& steps)
{
    return steps.empty() ? 0 : 1 + static_cast<int>(std::count(steps.begin(), steps.end(), ','));
}

PerArch<std::vector<int>> engagersOf(const Plan& plan)
{
    const auto byArch = engagersByArch(plan.engagerSteps);
    PerArch<std::vector<int>> out;
    if (byArch.count("upper"))
        out.upper = byArch.at("upper");
    if (byArch.count("lower"))
        out.lower = byArch.at("lower");
    return out;
}

std::optional<Plan> acceptedPlanOf(sdk::SqlRunner& db, std::int64_t caseId)
{
    for (const auto& plan : PlanStore::ofCase(db, caseId))
        if (plan.state == "accepted")
            return plan;
    return std::nullopt;
}

} // namespace

OrderService::OrderService(sdk::Host& host, const AlignersSettings& settings)
    : _host(host), _settings(settings)
{
}

std::int64_t OrderService::now() const
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(_host.clock().now().time_since_epoch())
        .count();
}

AlignerCase OrderService::rootOf(sdk::SqlRunner& db, const AlignerCase& c)
{
    AlignerCase root = c;
    // Orders of orders (a replacement of a refinement's aligners) lead back to the case the
    // treatment started with; a few levels at most.
    for (int depth = 0; depth < 8 && root.parentCaseId != 0; ++depth) {
        auto parent = AlignerCaseStore::find(db, root.parentCaseId);
        if (!parent)
            break;
        root = *parent;
    }
    return root;
}

std::vector<std::int64_t> OrderService::treeOf(sdk::SqlRunner& db, const AlignerCase& root)
{
    std::vector<std::int64_t> ids{root.caseId};
    for (std::size_t i = 0; i < ids.size() && ids.size() < 500; ++i) {
        const auto rows = db.query("SELECT case_id FROM aligner_cases WHERE parent_case_id = ?", {ids[i]});
        for (std::size_t r = 0; r < rows.size(); ++r)
            ids.push_back(rows.row(r).at(0).asInt());
    }
    return ids;
}

bool OrderService::included(sdk::SqlRunner& db, const AlignerCase& root)
{
    const PlanType* type = _settings.plans.find(root.planType);
    if (!type)
        return false;
    // After the expiry date, revisions and retainers are no longer included.
    const auto expiry = expiryDateOfShipment(
        root.firstShippedAt ? std::optional<std::int64_t>(root.firstShippedAt) : std::nullopt,
        type->expiryMonths, _host.timeZone());
    if (expiryEmphasis(expiry, labDay(now(), _host.timeZone())) == ExpiryEmphasis::Expired)
        return false;
    int used = 0;
    for (const auto& order : OrderStore::ofCases(db, treeOf(db, root)))
        used += order.included && (order.kind == "refinement" || order.kind == "retainer") ? 1 : 0;
    return used < type->revisions;
}

bool OrderService::nextIncluded(const AlignerCase& c)
{
    return included(_host.database(), rootOf(_host.database(), c));
}

std::vector<Order> OrderService::ordersOf(std::int64_t caseId)
{
    auto c = AlignerCaseStore::find(_host.database(), caseId);
    if (!c)
        return {};
    return OrderStore::ofCases(_host.database(), treeOf(_host.database(), *c));
}

std::int64_t OrderService::place(const PlanCaller& caller, std::int64_t caseId, const OrderFormInput& input,
                                 const std::vector<OrderFile>& scans, OrderErrors& errors)
{
    OrderDraft draft = readOrderForm(input, errors);
    if (!errors.empty())
        return 0;
    std::int64_t orderId = 0;
    _host.database().transaction([&](sdk::Transaction& tx) {
        auto c = AlignerCaseStore::lock(tx, caseId);
        if (!c || !caller.reads(*c))
            throw PlanRefusal(404, "aligners.error.notFound");
        if (!caller.decides(*c))
            throw PlanRefusal(403, "aligners.order.error.clinicOrders");
        // The same form sent again (behind the case's lock, so after the first committed):
        // its order, not another one.
        if (!input.formKey.empty()) {
            const auto sent =
                tx.query("SELECT case_id FROM aligner_order_keys WHERE form_key = ?", {input.formKey});
            if (!sent.empty()) {
                orderId = sent.row(0).at(0).asInt();
                return;
            }
        }
        const auto plan = acceptedPlanOf(tx, c->caseId);
        if (!plan || c->status == "cancelled")
            throw PlanRefusal(409, "aligners.order.error.noAcceptedPlan");
        const AlignerCase root = rootOf(tx, *c);
        // Orders on one treatment queue behind its first case.
        if (root.caseId != c->caseId)
            AlignerCaseStore::lock(tx, root.caseId);
        const PlanType* type = _settings.plans.find(c->planType.empty() ? root.planType : c->planType);
        if (!type)
            throw PlanRefusal(409, "aligners.order.error.noAcceptedPlan");

        Order order;
        order.parentCaseId = c->caseId;
        order.kind = orderKindName(draft.kind);
        order.orderedBy = caller.actor.userId;
        order.orderedByName = caller.actor.label;
        order.orderedAt = now();
        order.note = draft.note;
        order.arches = draft.arches;
        order.retainerType = draft.retainerType;
        order.retainerRange = draft.retainerRange;
        order.currency = _settings.plans.currency;

        sdk::Value fields = sdk::Value::object();
        std::string product = c->product;
        std::string startIn = "in_planning";
        bool noCharge = false;
        switch (draft.kind) {
        case OrderKind::Refinement:
            order.included = included(tx, root);
            noCharge = order.included;
            break;
        case OrderKind::Phase:
            break;
        case OrderKind::Remake:
            // The lab remakes what it made; it invoices a remake by hand when it is the clinic's to pay.
            noCharge = true;
            break;
        case OrderKind::Retainer: {
            order.included = included(tx, root);
            noCharge = order.included;
            product = "retainer";
            startIn = "in_production";
            const bool fixed = draft.retainerType == "fixed_lingual";
            // The type speaks for itself in every language; the instructions keep what
            // no option says: a fixed retainer's span ("3-3", as technicians write it)
            // and the clinic's own note.
            std::string instructions = fixed ? draft.retainerRange : std::string();
            if (!draft.note.empty())
                instructions += (instructions.empty() ? "" : " · ") + draft.note;
            fields =
                sdk::Value::object({{"impression", scans.empty() ? "silicone_impression" : "intraoral_scan"},
                                    {"retainer_type", fixed ? "metal" : "clear"}});
            if (!instructions.empty())
                fields.set("instructions", instructions);
            break;
        }
        case OrderKind::Replacement: {
            ReplacementCase rc;
            rc.planType = *type;
            rc.planSteps.upper = plan->stepsUpper;
            rc.planSteps.lower = plan->stepsLower;
            rc.currentPhaseEngagers = engagersOf(*plan);
            // Engagers of the plans before this one (the treatment's first case and its
            // other orders) belong to earlier phases.
            for (std::int64_t id : treeOf(tx, root)) {
                if (id == c->caseId)
                    continue;
                const auto earlier = acceptedPlanOf(tx, id);
                if (!earlier)
                    continue;
                const PerArch<std::vector<int>> engagers = engagersOf(*earlier);
                for (Arch arch : kArches)
                    for (int step : engagers.of(arch))
                        rc.earlierPhaseEngagers.of(arch).push_back(step);
            }
            for (const auto& previous : OrderStore::ofCases(tx, treeOf(tx, root)))
                if (previous.kind == "replacement" &&
                    (!rc.lastOrderAtMs || previous.orderedAt > *rc.lastOrderAtMs))
                    rc.lastOrderAtMs = previous.orderedAt;
            const ReplacementDecision decision = decideReplacement(draft.steps, rc, order.orderedAt,
                                                                   ReplacementPricing::from(_settings.plans));
            if (!decision.accepted()) {
                for (const auto& problem : decision.problems) {
                    const std::string field =
                        problem.arch && *problem.arch == Arch::Lower ? "lowerSteps" : "upperSteps";
                    if (!errors.count(field))
                        errors[field] = problem.key;
                    if (problem.allowedFromMs)
                        errors["allowedFrom"] = std::to_string(*problem.allowedFromMs);
                }
                return;
            }
            order.upperSteps = joined(decision.steps.upper);
            order.lowerSteps = joined(decision.steps.lower);
            order.engagerTemplates = engagerText(decision.engagerTemplates);
            order.engagersLeftOut = engagerText(decision.engagersLeftOut);
            order.chargeMinor = decision.chargeMinor;
            order.arches = decision.steps.upper.empty()   ? "lower"
                           : decision.steps.lower.empty() ? "upper"
                                                          : "both";
            // Replacements enter production at once; billing charges them by the plan's
            // rules below, never at the product's price.
            startIn = "in_production";
            noCharge = true;
            break;
        }
        }
        sdk::Value request = sdk::Value::object({{"caseId", c->caseId},
                                                 {"kind", order.kind},
                                                 {"product", product},
                                                 {"fields", fields},
                                                 {"startIn", startIn},
                                                 {"noCharge", noCharge},
                                                 {"actorUserId", caller.actor.userId}});
        if (!order.arches.empty())
            request.set("arches", order.arches);
        // Phases sent together are opened together, each a case with its own tracker; the
        // first phase's case names the group, and their moves are made on all of them.
        const int cases = draft.kind == OrderKind::Phase ? draft.phases : 1;
        std::int64_t firstCase = 0;
        for (int n = 0; n < cases; ++n) {
            try {
                _host.events().publish(tx, "case.open_order", request);
            } catch (const sdk::HttpError&) {
                throw PlanRefusal(409, "aligners.order.error.notOpened");
            }
            // The cases plugin's case.submitted for the new case reached this plugin in this
            // transaction: the newest case ordered on this one is it (the lock above keeps
            // other orders on it out).
            const auto rows =
                tx.query("SELECT case_id FROM aligner_cases WHERE parent_case_id = ? ORDER BY case_id DESC",
                         {c->caseId});
            if (rows.empty())
                throw PlanRefusal(409, "aligners.order.error.notOpened");
            order.caseId = rows.row(0).at(0).asInt();
            if (n == 0)
                firstCase = order.caseId;
            order.groupCaseId = cases > 1 ? firstCase : 0;
            OrderStore::insert(tx, order, n == 0 ? scans : std::vector<OrderFile>{});
        }
        _host.audit().record(
            tx, caller.actor,
            {"aligners.order_placed", "case", c->number, c->organizationId,
             order.kind + (order.included ? " (included)" : "") +
                 (order.chargeMinor ? ", charged " + std::to_string(order.chargeMinor) : "")});
        if (order.chargeMinor > 0) {
            const auto made = AlignerCaseStore::find(tx, order.caseId);
            // Billed per aligner: the invoice line counts them and prices one.
            const std::int64_t aligners = stepCount(order.upperSteps) + stepCount(order.lowerSteps);
            _host.events().publish(
                tx, "case.charged",
                sdk::Value::object({{"chargeKey", "aligners.replacement." + std::to_string(order.caseId)},
                                    {"caseId", order.caseId},
                                    {"number", made ? made->number : c->number},
                                    {"organizationId", c->organizationId},
                                    {"clinicId", c->clinicId},
                                    {"amountMinor", order.chargeMinor},
                                    {"currency", order.currency},
                                    {"label", "Replacement aligners: " + std::to_string(aligners)},
                                    {"itemKey", "aligners.charge.replacement"},
                                    {"quantity", aligners}}));
        }
        if (!input.formKey.empty())
            tx.execute("INSERT INTO aligner_order_keys (form_key, case_id) VALUES (?, ?)",
                       {input.formKey, firstCase});
        orderId = firstCase;
    });
    return orderId;
}

} // namespace molar::aligners
