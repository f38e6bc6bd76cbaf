#include "autotopup/AutoRuns.h"

namespace molar::credits {

namespace {

const std::string kColumns = "SELECT id, organization_id, crossing, topup_id, attempt_id, method_id, state, "
                             "failure_code, created_at, updated_at FROM credits_auto_runs ";

AutoRun fromRow(const sdk::ResultSet& rows, std::size_t i)
{
    AutoRun r;
    r.id = rows.get(i, "id").asInt();
    r.organizationId = rows.get(i, "organization_id").asInt();
    r.crossing = rows.get(i, "crossing").asInt();
    r.topupId = rows.get(i, "topup_id").asInt();
    r.attemptId = rows.get(i, "attempt_id").toString();
    r.methodId = rows.get(i, "method_id").toString();
    r.state = rows.get(i, "state").toString();
    r.failureCode = rows.get(i, "failure_code").toString();
    r.createdAt = rows.get(i, "created_at").asInt();
    r.updatedAt = rows.get(i, "updated_at").asInt();
    return r;
}

std::optional<AutoRun> first(const sdk::ResultSet& rows)
{
    if (rows.empty())
        return std::nullopt;
    return fromRow(rows, 0);
}

} // namespace

std::int64_t AutoRuns::insert(sdk::SqlRunner& db, const AutoRun& run)
{
    return db.insert(
        "INSERT INTO credits_auto_runs (organization_id, crossing, topup_id, attempt_id, method_id, "
        "state, failure_code, created_at, updated_at) VALUES (?, ?, 0, '', ?, ?, '', ?, ?)",
        {run.organizationId, run.crossing, run.methodId, run.state, run.createdAt, run.updatedAt});
}

std::optional<AutoRun> AutoRuns::find(sdk::SqlRunner& db, std::int64_t runId)
{
    return first(db.query(kColumns + "WHERE id = ?", {runId}));
}

std::optional<AutoRun> AutoRuns::byAttempt(sdk::SqlRunner& db, const std::string& attemptId)
{
    if (attemptId.empty())
        return std::nullopt;
    return first(db.query(kColumns + "WHERE attempt_id = ?", {attemptId}));
}

std::vector<AutoRun> AutoRuns::recent(sdk::SqlRunner& db, std::int64_t organizationId, int limit)
{
    const auto rows =
        db.query(kColumns + "WHERE organization_id = ? ORDER BY id DESC LIMIT ?", {organizationId, limit});
    std::vector<AutoRun> out;
    for (std::size_t i = 0; i < rows.size(); ++i)
        out.push_back(fromRow(rows, i));
    return out;
}

void AutoRuns::update(sdk::SqlRunner& db, const AutoRun& run)
{
    db.execute("UPDATE credits_auto_runs SET topup_id = ?, attempt_id = ?, method_id = ?, state = ?, "
               "failure_code = ?, updated_at = ? WHERE id = ?",
               {run.topupId, run.attemptId, run.methodId, run.state, run.failureCode, run.updatedAt, run.id});
}

} // namespace molar::credits
