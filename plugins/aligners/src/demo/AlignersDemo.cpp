#include "demo/AlignersDemo.h"

#include "demo/DemoArch.h"
#include "store/AlignerCaseStore.h"

#include "molar/sdk/Events.h"
#include "molar/sdk/Files.h"

#include <map>
#include <string>
#include <vector>

namespace molar::aligners {

namespace {

constexpr std::int64_t kMonthMs = 30LL * 24 * 3600 * 1000;

PlanCaller callerOf(const sdk::UserInfo& user)
{
    PlanCaller caller;
    caller.actor = sdk::Actor{user.id, user.displayName, ""};
    caller.side = user.side;
    caller.role = user.role;
    caller.organizationId = user.side == "clinic" ? user.organizationId : 0;
    return caller;
}

// Version `version` of a plan: 20 upper and 18 lower steps, STLs of the first, middle
// and last steps of each arch, engagers at upper steps 3 and 5, every plan type offered
// that covers it.
Plan uploadDemoPlan(sdk::Host& host, PlanService& plans, const PlanCaller& lab, std::int64_t caseId,
                    int version)
{
    PlanDraft draft;
    draft.stepsUpper = 20;
    draft.stepsLower = 18;
    draft.iprNotes = version == 1 ? "0.3 mm between 31 and 41 at step 6; 0.2 mm between 12 and 11 at step 4"
                                  : "0.2 mm between 31 and 41 at step 6";
    draft.attachmentNotes = "Optimized attachments on 13, 23, 33 and 43 at step 1";
    draft.simulationUrl = "https://viewer.lab.example/simulation/demo-" + std::to_string(caseId) + "-v" +
                          std::to_string(version);
    draft.engagerSteps = "U3,U5";
    for (const auto& type : plans.settings().plans.types)
        if (type.covers(20, 18))
            draft.options.push_back(
                {type.code, type.name, 20, type.priceFor(20, 20), plans.settings().plans.currency});
    std::vector<PlanFile> files;
    for (const auto& [upper, step] :
         std::vector<std::pair<bool, int>>{{true, 0}, {true, 10}, {true, 20}, {false, 0}, {false, 18}}) {
        PlanFile file;
        file.kind = "step";
        file.arch = upper ? "upper" : "lower";
        file.step = step;
        file.name = std::string(upper ? "Upper" : "Lower") + "_Step_" + (step < 10 ? "0" : "") +
                    std::to_string(step) + ".stl";
        file.format = "stl";
        file.storeKey = "plans/" + std::to_string(caseId) + "/demo-v" + std::to_string(version) + "-" +
                        file.arch + "-" + std::to_string(step) + ".stl";
        auto writer = host.files().create(file.storeKey);
        writer->stream() << demoArchStl(upper, step, upper ? 20 : 18);
        writer->flush();
        file.sizeBytes = static_cast<std::int64_t>(writer->commit());
        files.push_back(file);
    }
    return plans.upload(lab, caseId, draft, files);
}

// The lab ships an accepted case; its first shipment is dated `monthsAgo` back.
void shipped(sdk::Host& host, std::int64_t caseId, int monthsAgo, std::int64_t now)
{
    host.database().transaction([&](sdk::Transaction& tx) {
        host.events().publish(tx, "case.move", sdk::Value::object({{"caseId", caseId}, {"action", "ship"}}));
    });
    host.database().execute("UPDATE aligner_cases SET first_shipped_at = ? WHERE case_id = ?",
                            {now - monthsAgo * kMonthMs, caseId});
}

} // namespace

void seedAlignersDemo(sdk::Host& host, PlanService& plans, OrderService& orders)
{
    auto& db = host.database();
    if (db.query("SELECT COUNT(*) AS n FROM aligner_plans").get(0, "n").asInt() > 0)
        return;
    const auto admins = host.accounts().labUsers("admin");
    if (admins.empty())
        return;
    const PlanCaller lab = callerOf(admins.front());
    const auto rows =
        db.query("SELECT case_id, organization_id, owner_user_id FROM aligner_cases WHERE status = "
                 "'in_planning' AND parent_case_id = 0 AND product = 'clear_aligners' ORDER BY case_id");
    std::map<std::int64_t, std::vector<std::pair<std::int64_t, std::int64_t>>> byOrganization;
    for (std::size_t i = 0; i < rows.size(); ++i)
        byOrganization[rows.get(i, "organization_id").asInt()].push_back(
            {rows.get(i, "case_id").asInt(), rows.get(i, "owner_user_id").asInt()});
    const std::int64_t now = plans.now();
    for (const auto& [organization, cases] : byOrganization) {
        (void)organization;
        for (std::size_t i = 0; i < cases.size() && i < 4; ++i) {
            const auto [caseId, ownerId] = cases[i];
            const auto dentistInfo = host.accounts().user(ownerId);
            if (!dentistInfo)
                continue;
            const PlanCaller dentist = callerOf(*dentistInfo);
            const Plan first = uploadDemoPlan(host, plans, lab, caseId, 1);
            if (i == 1) {
                plans.requestModification(
                    dentist, first.id,
                    "Please keep the lower midline and use less IPR on the lower incisors.");
                uploadDemoPlan(host, plans, lab, caseId, 2);
            } else if (i == 2) {
                plans.accept(dentist, first.id, "TWO");
                shipped(host, caseId, 20, now);
                OrderErrors errors;
                OrderFormInput replacement;
                replacement.kind = "replacement";
                replacement.upperSteps = "5-7";
                replacement.note = "The patient lost the upper aligners on holiday.";
                orders.place(dentist, caseId, replacement, {}, errors);
                if (!errors.empty())
                    host.logger().warning("aligners demo: the replacement order was refused: " +
                                          errors.begin()->second);
            } else if (i == 3) {
                plans.accept(dentist, first.id, "ONE");
                shipped(host, caseId, 10, now);
                OrderErrors errors;
                OrderFormInput retainer;
                retainer.kind = "retainer";
                retainer.arches = "both";
                retainer.retainerType = "removable";
                orders.place(dentist, caseId, retainer, {}, errors);
                if (!errors.empty())
                    host.logger().warning("aligners demo: the retainer order was refused: " +
                                          errors.begin()->second);
            }
        }
    }
}

} // namespace molar::aligners
