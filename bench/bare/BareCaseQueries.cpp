#include "BareCaseQueries.h"

using namespace Poco::Data::Keywords;

namespace molar::bench {

const char* const CaseListColumns =
    "id, number, organization_id, owner_user_id, patient_ref, product, workflow, "
    "status, stage, assigned_to, created_at, updated_at, due_at";

void CaseRows::clear()
{
    id.clear();
    number.clear();
    organizationId.clear();
    ownerUserId.clear();
    patientRef.clear();
    product.clear();
    workflow.clear();
    status.clear();
    stage.clear();
    assignedTo.clear();
    createdAt.clear();
    updatedAt.clear();
    dueAt.clear();
}

BareStatement& intoCaseRows(BareStatement& select, CaseRows& rows)
{
    return select.into(rows.id)
        .into(rows.number)
        .into(rows.organizationId)
        .into(rows.ownerUserId)
        .into(rows.patientRef)
        .into(rows.product)
        .into(rows.workflow)
        .into(rows.status)
        .into(rows.stage)
        .into(rows.assignedTo)
        .into(rows.createdAt)
        .into(rows.updatedAt)
        .into(rows.dueAt);
}

CaseListReader::CaseListReader(const BareDatabaseUrl& url) : _session(threadSession(url)), _count(_session)
{
    _count.sql("SELECT stage, COUNT(*) AS n FROM cases_cases WHERE organization_id = ? GROUP BY stage")
        .use(_countOrganizationId)
        .into(_counts.stage)
        .into(_counts.count);
}

CaseListReader::ListStatement& CaseListReader::statementFor(const CaseListQuery& query)
{
    const bool staged = !query.stage.empty();
    const bool after = query.afterId != 0;
    const std::string shape =
        (staged ? std::to_string(query.stageStatuses.size()) : std::string("-")) + (after ? "a" : "");
    auto found = _lists.find(shape);
    if (found != _lists.end())
        return *found->second;

    // The SQL CaseStore::list builds for an owner (organization, no owner condition).
    auto made = std::make_unique<ListStatement>(_session);
    std::string sql =
        std::string("SELECT ") + CaseListColumns + " FROM cases_cases WHERE organization_id = ?";
    if (staged) {
        if (!query.stageStatuses.empty()) {
            sql += " AND status IN (";
            for (std::size_t i = 0; i < query.stageStatuses.size(); ++i)
                sql += i == 0 ? "?" : ", ?";
            sql += ")";
        }
        sql += " AND stage = ?";
    }
    if (after)
        sql += " AND updated_at <= ? AND (updated_at < ? OR id < ?)";
    sql += " ORDER BY updated_at DESC, id DESC LIMIT " + std::to_string(CasePageSize + 1);

    made->statuses.resize(staged ? query.stageStatuses.size() : 0);
    BareStatement& select = made->select;
    select.sql(sql).use(_organizationId);
    for (auto& status : made->statuses)
        select.use(status);
    if (staged)
        select.use(_stage);
    if (after)
        select.use(_afterUpdatedAt).use(_afterUpdatedAt).use(_afterId);
    intoCaseRows(select, _rows);
    return *_lists.emplace(shape, std::move(made)).first->second;
}

const CaseRows& CaseListReader::list(const CaseListQuery& query)
{
    ListStatement& statement = statementFor(query);
    _organizationId = query.organizationId;
    std::copy(query.stageStatuses.begin(), query.stageStatuses.end(), statement.statuses.begin());
    _stage = query.stage;
    _afterUpdatedAt = query.afterUpdatedAt;
    _afterId = query.afterId;
    // Extraction appends to the vectors: the last page's rows go first.
    _rows.clear();
    statement.select.execute();
    return _rows;
}

const StageCounts& CaseListReader::countByStage(Poco::Int64 organizationId)
{
    _countOrganizationId = organizationId;
    _counts.stage.clear();
    _counts.count.clear();
    _count.execute();
    return _counts;
}

std::vector<std::string> CaseListReader::statusesInData(const std::string& stage)
{
    std::string wanted = stage;
    std::vector<std::string> statuses;
    _session << "SELECT DISTINCT status FROM cases_cases WHERE stage = ? ORDER BY status", use(wanted),
        into(statuses), now;
    return statuses;
}

double casePagesPerSecond(const BareDatabaseUrl& url, const CaseListQuery& query, double seconds)
{
    CaseListReader reader(url);
    return pagesPerSecond(
        [&] {
            reader.list(query);
            reader.countByStage(query.organizationId);
        },
        seconds);
}

} // namespace molar::bench
