#pragma once

#include "BareCaseQueries.h"
#include "BareDatabase.h"

#include <Poco/Data/Session.h>
#include <Poco/Types.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace molar::bench {

// Rows the lab board shows, plus one telling whether a next page exists, as
// LabBoardRoutes asks.
constexpr int BoardPageSize = 50;

// The open cases per status, in the database's order.
struct StatusCounts
{
    std::vector<std::string> status;
    std::vector<Poco::Int64> count;
};

// One thread's connection and the SQL the lab board sends: the open cases counted by
// status (CaseStore::countOpenByStatus), a page of them newest change first
// (CaseStore::list for "open"), and the names of the practices and technicians the
// page's rows name, one query each (Accounts::organizationsById and usersById). Each
// statement prepared once per shape and re-executed, rows extracted into vectors.
// Not thread-safe; each server thread has its own.
class BoardReader
{
public:
    explicit BoardReader(const BareDatabaseUrl& url);

    // Up to BoardPageSize + 1 rows after (afterUpdatedAt, afterId), or the first page
    // for afterId 0; valid until the next call.
    const CaseRows& list(Poco::Int64 afterUpdatedAt, Poco::Int64 afterId);
    const StatusCounts& countOpen();
    // The names of the practices and assigned technicians of a page's first `shown`
    // rows, by id, each id asked for once; ids without one are absent.
    void namesOf(const CaseRows& rows, std::size_t shown, std::map<Poco::Int64, std::string>& organizations,
                 std::map<Poco::Int64, std::string>& people);

private:
    // SELECT ... WHERE id IN (?, ...) for one count of distinct ids.
    struct NameStatement
    {
        std::vector<Poco::Int64> ids; // bound one by one, so never resized
        std::vector<Poco::Int64> id;
        std::vector<std::string> first;
        std::vector<std::string> last;
        BareStatement select;
        explicit NameStatement(Poco::Data::Session& session) : select(session) {}
    };
    using NameStatements = std::map<std::size_t, std::unique_ptr<NameStatement>>;

    NameStatement& namesFor(NameStatements& made, const char* table, const std::vector<Poco::Int64>& ids);
    void readNames(NameStatements& made, const char* table, const std::vector<Poco::Int64>& ids,
                   std::map<Poco::Int64, std::string>& names);

    Poco::Data::Session _session;
    BareStatement _first;
    BareStatement _after;
    BareStatement _count;
    Poco::Int64 _afterUpdatedAt = 0;
    Poco::Int64 _afterId = 0;
    CaseRows _rows;
    StatusCounts _counts;
    NameStatements _organizations;
    NameStatements _users;
    std::vector<Poco::Int64> _organizationIds;
    std::vector<Poco::Int64> _personIds;
};

// The database floor of a board page: its queries (the page, the counts, the names of
// its rows' practices and technicians) from one thread, back to back, for `seconds`;
// answers pages per second.
double boardPagesPerSecond(const BareDatabaseUrl& url, Poco::Int64 afterUpdatedAt, Poco::Int64 afterId,
                           double seconds);

} // namespace molar::bench
