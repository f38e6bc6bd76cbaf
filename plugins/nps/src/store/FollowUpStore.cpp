#include "store/FollowUpStore.h"

#include "store/Columns.h"

namespace molar::nps {

namespace {

const char* const kColumns =
    "id, answer_id, case_id, case_number, organization_id, score, opened_at, due_at, "
    "closed_at, closed_by, closed_by_name, note, escalated_at";

FollowUp read(const sdk::ResultSet& rows, std::size_t i)
{
    FollowUp f;
    f.id = intAt(rows, i, "id");
    f.answerId = intAt(rows, i, "answer_id");
    f.caseId = intAt(rows, i, "case_id");
    f.caseNumber = textAt(rows, i, "case_number");
    f.organizationId = intAt(rows, i, "organization_id");
    f.score = static_cast<int>(intAt(rows, i, "score"));
    f.openedAt = intAt(rows, i, "opened_at");
    f.dueAt = intAt(rows, i, "due_at");
    f.closedAt = intAt(rows, i, "closed_at");
    f.closedBy = intAt(rows, i, "closed_by");
    f.closedByName = textAt(rows, i, "closed_by_name");
    f.note = textAt(rows, i, "note");
    f.escalatedAt = intAt(rows, i, "escalated_at");
    return f;
}

std::vector<FollowUp> many(sdk::SqlRunner& db, const std::string& rest, const sdk::Params& params)
{
    const auto rows = db.query(std::string("SELECT ") + kColumns + " FROM nps_followups " + rest, params);
    std::vector<FollowUp> out;
    for (std::size_t i = 0; i < rows.size(); ++i)
        out.push_back(read(rows, i));
    return out;
}

std::optional<FollowUp> one(sdk::SqlRunner& db, const std::string& where, const sdk::Params& params)
{
    auto found = many(db, "WHERE " + where, params);
    if (found.empty())
        return std::nullopt;
    return found.front();
}

} // namespace

bool FollowUpStore::openOnce(sdk::Transaction& tx, FollowUp& f)
{
    if (forAnswer(tx, f.answerId))
        return false;
    f.id = tx.insert("INSERT INTO nps_followups (answer_id, case_id, case_number, organization_id, score, "
                     "opened_at, due_at, note) VALUES (?, ?, ?, ?, ?, ?, ?, '')",
                     {f.answerId, f.caseId, f.caseNumber, f.organizationId, f.score, f.openedAt, f.dueAt});
    return true;
}

std::optional<FollowUp> FollowUpStore::find(sdk::SqlRunner& db, std::int64_t id)
{
    return one(db, "id = ?", {id});
}

std::optional<FollowUp> FollowUpStore::forAnswer(sdk::SqlRunner& db, std::int64_t answerId)
{
    return one(db, "answer_id = ?", {answerId});
}

bool FollowUpStore::close(sdk::Transaction& tx, std::int64_t id, std::int64_t userId,
                          const std::string& userName, const std::string& note, std::int64_t at)
{
    return tx.execute(
               "UPDATE nps_followups SET closed_at = ?, closed_by = ?, closed_by_name = ?, note = ? WHERE "
               "id = ? AND closed_at IS NULL",
               {at, userId, userName, note, id}) == 1;
}

std::vector<FollowUp> FollowUpStore::dueForEscalation(sdk::SqlRunner& db, std::int64_t nowMs)
{
    return many(db, "WHERE closed_at IS NULL AND due_at <= ? AND escalated_at IS NULL ORDER BY due_at, id",
                {nowMs});
}

bool FollowUpStore::markEscalated(sdk::Transaction& tx, std::int64_t id, std::int64_t at)
{
    return tx.execute("UPDATE nps_followups SET escalated_at = ? WHERE id = ? AND escalated_at IS NULL AND "
                      "closed_at IS NULL",
                      {at, id}) == 1;
}

std::vector<FollowUp> FollowUpStore::open(sdk::SqlRunner& db)
{
    return many(db, "WHERE closed_at IS NULL ORDER BY due_at, id", {});
}

std::vector<FollowUp> FollowUpStore::closed(sdk::SqlRunner& db, int limit)
{
    return many(db,
                "WHERE closed_at IS NOT NULL ORDER BY closed_at DESC, id DESC LIMIT " + std::to_string(limit),
                {});
}

} // namespace molar::nps
