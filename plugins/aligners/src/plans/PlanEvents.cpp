#include "plans/PlanEvents.h"

#include "molar/sdk/Events.h"
#include "molar/sdk/Money.h"
#include "molar/sdk/Notifications.h"

namespace molar::aligners {

namespace {

// The timeline's words for each event, in the reader's language.
std::string summaryKeyOf(const std::string& eventName)
{
    if (eventName == "plan.uploaded")
        return "aligners.timeline.uploaded";
    if (eventName == "plan.accepted")
        return "aligners.timeline.accepted";
    if (eventName == "plan.rejected")
        return "aligners.timeline.rejected";
    return "aligners.timeline.modificationRequested";
}

} // namespace

void publishPlanEvent(sdk::Host& host, sdk::Transaction& tx, const std::string& eventName,
                      const AlignerCase& c, const Plan& plan, const sdk::Actor& actor)
{
    sdk::Value payload = sdk::Value::object({{"planId", plan.id},
                                             {"version", plan.version},
                                             {"caseId", c.caseId},
                                             {"number", c.number},
                                             {"organizationId", c.organizationId},
                                             {"clinicId", c.clinicId},
                                             {"ownerUserId", c.ownerUserId},
                                             {"product", c.product},
                                             {"planPath", c.path()},
                                             {"casePath", "/cases/" + std::to_string(c.caseId)},
                                             {"actorUserId", actor.userId}});
    sdk::Value fields = sdk::Value::object({{"version", std::to_string(plan.version)}});
    if (!plan.chosenType.empty()) {
        const PlanOption* chosen = plan.option(plan.chosenType);
        payload.set("planType", plan.chosenType);
        payload.set("planTypeName", chosen ? chosen->name : plan.chosenType);
        sdk::setMessageAmount(payload, "price", {plan.priceMinor, plan.currency});
        fields.set("planType", chosen ? chosen->name : plan.chosenType);
        fields.set("price", sdk::messageAmount({plan.priceMinor, plan.currency}));
    }
    if (!plan.reason.empty()) {
        payload.set("reason", plan.reason);
        fields.set("reason", plan.reason);
    }
    host.events().publish(tx, eventName, payload);
    host.events().publish(tx, "case.activity",
                          sdk::Value::object({{"caseId", c.caseId},
                                              {"kind", "plan"},
                                              {"summaryKey", summaryKeyOf(eventName)},
                                              {"summaryFields", fields},
                                              {"link", c.path() + "#plan-" + std::to_string(plan.version)},
                                              {"actor", actor.label}}));
}

void publishCasePriced(sdk::Host& host, sdk::Transaction& tx, const AlignerCase& c, const Plan& plan)
{
    const PlanOption* chosen = plan.option(plan.chosenType);
    host.events().publish(tx, "case.priced",
                          sdk::Value::object({{"caseId", c.caseId},
                                              {"number", c.number},
                                              {"organizationId", c.organizationId},
                                              {"clinicId", c.clinicId},
                                              {"amountMinor", plan.priceMinor},
                                              {"currency", plan.currency},
                                              {"label", chosen ? chosen->name : plan.chosenType},
                                              {"source", "aligners.plan"}}));
}

} // namespace molar::aligners
