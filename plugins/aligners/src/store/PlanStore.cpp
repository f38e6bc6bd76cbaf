#include "store/PlanStore.h"

#include "store/Columns.h"

namespace molar::aligners {

namespace {

const char* const kColumns =
    "id, case_id, version, state, steps_upper, steps_lower, ipr_notes, attachment_notes, simulation_url, "
    "engager_steps, uploaded_by, uploaded_by_name, uploaded_at, decided_by, decided_by_name, decided_at, "
    "reason, chosen_type, price_minor, currency";
const char* const kFileColumns = "id, plan_id, kind, arch, step, name, format, store_key, size_bytes";

Plan read(const sdk::ResultSet& rows, std::size_t i)
{
    Plan p;
    p.id = intAt(rows, i, "id");
    p.caseId = intAt(rows, i, "case_id");
    p.version = static_cast<int>(intAt(rows, i, "version"));
    p.state = textAt(rows, i, "state");
    p.stepsUpper = static_cast<int>(intAt(rows, i, "steps_upper"));
    p.stepsLower = static_cast<int>(intAt(rows, i, "steps_lower"));
    p.iprNotes = textAt(rows, i, "ipr_notes");
    p.attachmentNotes = textAt(rows, i, "attachment_notes");
    p.simulationUrl = textAt(rows, i, "simulation_url");
    p.engagerSteps = textAt(rows, i, "engager_steps");
    p.uploadedBy = intAt(rows, i, "uploaded_by");
    p.uploadedByName = textAt(rows, i, "uploaded_by_name");
    p.uploadedAt = intAt(rows, i, "uploaded_at");
    p.decidedBy = intAt(rows, i, "decided_by");
    p.decidedByName = textAt(rows, i, "decided_by_name");
    p.decidedAt = intAt(rows, i, "decided_at");
    p.reason = textAt(rows, i, "reason");
    p.chosenType = textAt(rows, i, "chosen_type");
    p.priceMinor = intAt(rows, i, "price_minor");
    p.currency = textAt(rows, i, "currency");
    return p;
}

PlanFile readFile(const sdk::ResultSet& rows, std::size_t i)
{
    PlanFile f;
    f.id = intAt(rows, i, "id");
    f.planId = intAt(rows, i, "plan_id");
    f.kind = textAt(rows, i, "kind");
    f.arch = textAt(rows, i, "arch");
    f.step = static_cast<int>(intAt(rows, i, "step"));
    f.name = textAt(rows, i, "name");
    f.format = textAt(rows, i, "format");
    f.storeKey = textAt(rows, i, "store_key");
    f.sizeBytes = intAt(rows, i, "size_bytes");
    return f;
}

void fill(sdk::SqlRunner& db, Plan& plan)
{
    const auto options = db.query("SELECT plan_type, name, planned_steps, price_minor, currency FROM "
                                  "aligner_plan_options WHERE plan_id = ? ORDER BY position",
                                  {plan.id});
    for (std::size_t i = 0; i < options.size(); ++i)
        plan.options.push_back({textAt(options, i, "plan_type"), textAt(options, i, "name"),
                                static_cast<int>(intAt(options, i, "planned_steps")),
                                intAt(options, i, "price_minor"), textAt(options, i, "currency")});
    const auto files =
        db.query(std::string("SELECT ") + kFileColumns +
                     " FROM aligner_plan_files WHERE plan_id = ? ORDER BY kind, arch, step, id",
                 {plan.id});
    for (std::size_t i = 0; i < files.size(); ++i)
        plan.files.push_back(readFile(files, i));
}

} // namespace

void PlanStore::insert(sdk::Transaction& tx, Plan& plan)
{
    plan.id =
        tx.insert("INSERT INTO aligner_plans (case_id, version, state, steps_upper, steps_lower, ipr_notes, "
                  "attachment_notes, simulation_url, engager_steps, uploaded_by, uploaded_by_name, "
                  "uploaded_at, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '')",
                  {plan.caseId, plan.version, plan.state, plan.stepsUpper, plan.stepsLower, plan.iprNotes,
                   plan.attachmentNotes, plan.simulationUrl, plan.engagerSteps, plan.uploadedBy,
                   plan.uploadedByName, plan.uploadedAt});
    int position = 0;
    for (const auto& o : plan.options)
        tx.execute("INSERT INTO aligner_plan_options (plan_id, position, plan_type, name, planned_steps, "
                   "price_minor, currency) VALUES (?, ?, ?, ?, ?, ?, ?)",
                   {plan.id, position++, o.type, o.name, o.plannedSteps, o.priceMinor, o.currency});
    for (auto& f : plan.files) {
        f.planId = plan.id;
        f.id = tx.insert(
            "INSERT INTO aligner_plan_files (plan_id, kind, arch, step, name, format, store_key, "
            "size_bytes, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            {plan.id, f.kind, f.arch, f.step, f.name, f.format, f.storeKey, f.sizeBytes, plan.uploadedAt});
    }
}

std::optional<Plan> PlanStore::find(sdk::SqlRunner& db, std::int64_t planId)
{
    const auto rows =
        db.query(std::string("SELECT ") + kColumns + " FROM aligner_plans WHERE id = ?", {planId});
    if (rows.empty())
        return std::nullopt;
    Plan plan = read(rows, 0);
    fill(db, plan);
    return plan;
}

std::vector<Plan> PlanStore::ofCase(sdk::SqlRunner& db, std::int64_t caseId)
{
    const auto rows = db.query(std::string("SELECT ") + kColumns +
                                   " FROM aligner_plans WHERE case_id = ? ORDER BY version DESC",
                               {caseId});
    std::vector<Plan> plans;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        plans.push_back(read(rows, i));
        fill(db, plans.back());
    }
    return plans;
}

int PlanStore::lastVersion(sdk::SqlRunner& db, std::int64_t caseId)
{
    const auto rows = db.query("SELECT MAX(version) FROM aligner_plans WHERE case_id = ?", {caseId});
    return rows.empty() || rows.row(0).at(0).isNull() ? 0 : static_cast<int>(rows.row(0).at(0).asInt());
}

bool PlanStore::decide(sdk::Transaction& tx, const Plan& d)
{
    return tx.execute(
               "UPDATE aligner_plans SET state = ?, decided_by = ?, decided_by_name = ?, decided_at = ?, "
               "reason = ?, chosen_type = ?, price_minor = ?, currency = ? WHERE id = ? AND state = "
               "'proposed'",
               {d.state, d.decidedBy, d.decidedByName, d.decidedAt, d.reason, d.chosenType, d.priceMinor,
                d.currency, d.id}) == 1;
}

std::optional<PlanFile> PlanStore::file(sdk::SqlRunner& db, std::int64_t fileId)
{
    const auto rows =
        db.query(std::string("SELECT ") + kFileColumns + " FROM aligner_plan_files WHERE id = ?", {fileId});
    if (rows.empty())
        return std::nullopt;
    return readFile(rows, 0);
}

} // namespace molar::aligners
