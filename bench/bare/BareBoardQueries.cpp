#include "BareBoardQueries.h"

#include <algorithm>

using namespace Poco::Data::Keywords;

namespace molar::bench {

namespace {

// The board's page: CaseStore::list for the lab's "open", without and with a cursor.
std::string boardSql(bool after)
{
    return std::string("SELECT ") + CaseListColumns + " FROM cases_cases WHERE 1 = 1 AND is_open = 1" +
           (after ? " AND updated_at <= ? AND (updated_at < ? OR id < ?)" : "") +
           " ORDER BY updated_at DESC, id DESC LIMIT " + std::to_string(BoardPageSize + 1);
}

} // namespace

BoardReader::BoardReader(const BareDatabaseUrl& url)
    : _session(threadSession(url)), _first(_session), _after(_session), _count(_session)
{
    intoCaseRows(_first.sql(boardSql(false)), _rows);
    intoCaseRows(_after.sql(boardSql(true)).use(_afterUpdatedAt).use(_afterUpdatedAt).use(_afterId), _rows);
    _count.sql("SELECT status, COUNT(*) AS n FROM cases_cases WHERE is_open = 1 GROUP BY status")
        .into(_counts.status)
        .into(_counts.count);
}

const CaseRows& BoardReader::list(Poco::Int64 afterUpdatedAt, Poco::Int64 afterId)
{
    _afterUpdatedAt = afterUpdatedAt;
    _afterId = afterId;
    // Extraction appends to the vectors: the last page's rows go first.
    _rows.clear();
    (afterId ? _after : _first).execute();
    return _rows;
}

const StatusCounts& BoardReader::countOpen()
{
    _counts.status.clear();
    _counts.count.clear();
    _count.execute();
    return _counts;
}

BoardReader::NameStatement& BoardReader::namesFor(NameStatements& made, const char* table,
                                                  const std::vector<Poco::Int64>& ids)
{
    auto found = made.find(ids.size());
    if (found != made.end())
        return *found->second;
    auto statement = std::make_unique<NameStatement>(_session);
    statement->ids.resize(ids.size());
    const bool users = &made == &_users;
    std::string sql = std::string("SELECT id, ") + (users ? "first_name, last_name" : "name, ''") + " FROM " +
                      table + " WHERE id IN (";
    for (std::size_t i = 0; i < ids.size(); ++i)
        sql += i == 0 ? "?" : ", ?";
    sql += ")";
    BareStatement& select = statement->select;
    select.sql(sql);
    for (auto& id : statement->ids)
        select.use(id);
    select.into(statement->id).into(statement->first).into(statement->last);
    return *made.emplace(ids.size(), std::move(statement)).first->second;
}

void BoardReader::readNames(NameStatements& made, const char* table, const std::vector<Poco::Int64>& ids,
                            std::map<Poco::Int64, std::string>& names)
{
    names.clear();
    if (ids.empty())
        return;
    NameStatement& statement = namesFor(made, table, ids);
    std::copy(ids.begin(), ids.end(), statement.ids.begin());
    statement.id.clear();
    statement.first.clear();
    statement.last.clear();
    statement.select.execute();
    // A person's name is "first last", as UserInfo::displayName; an organization's is one column.
    for (std::size_t i = 0; i < statement.id.size(); ++i)
        names[statement.id[i]] =
            &made == &_users ? statement.first[i] + " " + statement.last[i] : statement.first[i];
}

void BoardReader::namesOf(const CaseRows& rows, std::size_t shown,
                          std::map<Poco::Int64, std::string>& organizations,
                          std::map<Poco::Int64, std::string>& people)
{
    _organizationIds.clear();
    _personIds.clear();
    for (std::size_t r = 0; r < rows.size() && r < shown; ++r) {
        _organizationIds.push_back(rows.organizationId[r]);
        if (rows.assignedTo[r])
            _personIds.push_back(rows.assignedTo[r]);
    }
    for (auto* ids : {&_organizationIds, &_personIds}) {
        std::sort(ids->begin(), ids->end());
        ids->erase(std::unique(ids->begin(), ids->end()), ids->end());
    }
    readNames(_organizations, "molar_organizations", _organizationIds, organizations);
    readNames(_users, "molar_users", _personIds, people);
}

double boardPagesPerSecond(const BareDatabaseUrl& url, Poco::Int64 afterUpdatedAt, Poco::Int64 afterId,
                           double seconds)
{
    BoardReader reader(url);
    std::map<Poco::Int64, std::string> organizations, people;
    const auto page = [&] {
        const CaseRows& rows = reader.list(afterUpdatedAt, afterId);
        reader.countOpen();
        reader.namesOf(rows, BoardPageSize, organizations, people);
    };
    return pagesPerSecond(page, seconds);
}

} // namespace molar::bench
