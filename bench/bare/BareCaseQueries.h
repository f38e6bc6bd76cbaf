#pragma once

#include "BareDatabase.h"

#include <Poco/Data/Session.h>
#include <Poco/Types.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace molar::bench {

// A page of the list a clinic owner sees: all of an organization's cases, drafts too,
// newest change first, optionally one stage's, continued after (updatedAt, id).
struct CaseListQuery
{
    Poco::Int64 organizationId = 0;
    std::string stage;                      // "" for every stage
    std::vector<std::string> stageStatuses; // the statuses that have that stage
    Poco::Int64 afterUpdatedAt = 0;
    Poco::Int64 afterId = 0; // 0: the first page
};

// CaseStore's LIST_COLUMNS: what a row of a list shows.
extern const char* const CaseListColumns;

// Rows a page shows, plus one telling whether a next page exists, as CaseListPresenter asks.
constexpr int CasePageSize = 25;

// The rows of a page, a vector per column of CaseStore's LIST_COLUMNS (drafts have no
// number: "").
struct CaseRows
{
    std::vector<Poco::Int64> id;
    std::vector<std::string> number;
    std::vector<Poco::Int64> organizationId;
    std::vector<Poco::Int64> ownerUserId;
    std::vector<std::string> patientRef;
    std::vector<std::string> product;
    std::vector<std::string> workflow;
    std::vector<std::string> status;
    std::vector<std::string> stage;
    std::vector<Poco::Int64> assignedTo;
    std::vector<Poco::Int64> createdAt;
    std::vector<Poco::Int64> updatedAt;
    std::vector<Poco::Int64> dueAt;

    std::size_t size() const { return id.size(); }
    void clear();
};

// An organization's cases per stage, in the database's order.
// Binds the columns of CaseListColumns, in order, to the vectors of `rows`.
BareStatement& intoCaseRows(BareStatement& select, CaseRows& rows);

struct StageCounts
{
    std::vector<std::string> stage;
    std::vector<Poco::Int64> count;
};

// One thread's connection and the SQL CaseStore::list and countByStage send for a
// clinic owner, each statement prepared once per shape of its SQL (a stage or not, how
// many statuses, a cursor or not) and re-executed with new values, rows extracted
// straight into vectors (BareStatement): the least work for those two queries.
// Not thread-safe; each server thread has its own.
class CaseListReader
{
public:
    explicit CaseListReader(const BareDatabaseUrl& url);

    // Up to CasePageSize + 1 rows; valid until the next call.
    const CaseRows& list(const CaseListQuery& query);
    const StageCounts& countByStage(Poco::Int64 organizationId);
    // The statuses cases of a stage have in the data: the floor's stand-in for the
    // workflows when it is not given the source tree.
    std::vector<std::string> statusesInData(const std::string& stage);

private:
    struct ListStatement
    {
        std::vector<std::string> statuses; // bound one by one, so never resized
        BareStatement select;
        explicit ListStatement(Poco::Data::Session& session) : select(session) {}
    };

    ListStatement& statementFor(const CaseListQuery& query);

    Poco::Data::Session _session;
    std::map<std::string, std::unique_ptr<ListStatement>> _lists; // by shape
    BareStatement _count;
    Poco::Int64 _organizationId = 0;
    std::string _stage;
    Poco::Int64 _afterUpdatedAt = 0;
    Poco::Int64 _afterId = 0;
    Poco::Int64 _countOrganizationId = 0;
    CaseRows _rows;
    StageCounts _counts;
};

// The database floor of a list page: its two queries from one thread, back to back,
// for `seconds`; answers pages (both queries, rows extracted) per second.
double casePagesPerSecond(const BareDatabaseUrl& url, const CaseListQuery& query, double seconds);

} // namespace molar::bench
