#include "web/LabBoardRoutes.h"

#include "web/RequestParams.h"

#include <algorithm>
#include <map>
#include <vector>

namespace molar::cases {

void LabBoardRoutes::registerRoutes(sdk::Routes& routes)
{
    routes.add("GET", "/lab/cases", sdk::Access::Lab, [this](sdk::Request& request, sdk::Response& response) {
        _pages.guarded(request, [&] { board(request, response); });
    });
}

void LabBoardRoutes::board(sdk::Request& request, sdk::Response& response)
{
    // Open states with their counts; terminal ones are listed without counts.
    const auto& open = _pages.service().openStatuses();
    const auto& closed = _pages.service().closedStatuses();
    std::string status = request.query("status");
    const bool known = status.empty() || std::find(open.begin(), open.end(), status) != open.end() ||
                       std::find(closed.begin(), closed.end(), status) != closed.end();
    if (!known)
        throw CaseRefusal(400, "cases.error.status");
    const auto counts = CaseStore::countOpenByStatus(_host.database());
    std::int64_t openTotal = 0;
    sdk::Value columns = sdk::Value::array();
    for (const auto& s : open) {
        const auto it = counts.find(s);
        const std::int64_t n = it == counts.end() ? 0 : it->second;
        openTotal += n;
        columns.push(sdk::Value::object({{"label", _pages.statusLabel(request, s)},
                                         {"count", n},
                                         {"href", "/lab/cases?status=" + s},
                                         {"current", status == s}}));
    }
    sdk::Value archive = sdk::Value::array();
    for (const auto& s : closed)
        archive.push(sdk::Value::object({{"label", _pages.statusLabel(request, s)},
                                         {"href", "/lab/cases?status=" + s},
                                         {"current", status == s}}));

    CaseListQuery query;
    query.includeDrafts = false;
    query.status = status.empty() ? "open" : status;
    // A malformed position starts from the first page.
    if (!parseCursor(request.query("after"), query.afterUpdatedAt, query.afterId))
        query.afterUpdatedAt = query.afterId = 0;
    query.limit = 51;
    auto rows = CaseStore::list(_host.database(), query);
    const bool more = rows.size() > 50;
    if (more)
        rows.resize(50);
    // Every row's organization and assignee, in one query each rather than one per row.
    std::vector<std::int64_t> organizationIds, personIds;
    for (const auto& r : rows) {
        organizationIds.push_back(r.organizationId);
        if (r.assignedTo)
            personIds.push_back(r.assignedTo);
    }
    const auto organizations = _host.accounts().organizationsById(organizationIds);
    const auto people = _host.accounts().usersById(personIds);
    auto organizationName = [&](std::int64_t id) {
        const auto it = organizations.find(id);
        return it == organizations.end() ? std::string() : it->second.name;
    };
    auto personName = [&](std::int64_t id) {
        const auto it = people.find(id);
        return it == people.end() ? std::string() : it->second.displayName;
    };
    sdk::Value items = sdk::Value::array();
    std::int64_t overdue = 0;
    for (const auto& r : rows) {
        sdk::Value row = _pages.summary(request, r);
        row.set("organization", organizationName(r.organizationId));
        row.set("assigned", personName(r.assignedTo));
        overdue += _pages.isOverdue(r) ? 1 : 0;
        items.push(row);
    }
    std::string nextHref;
    if (more)
        nextHref = "/lab/cases?" + (status.empty() ? std::string() : "status=" + status + "&") +
                   "after=" + formatCursor(rows.back().updatedAt, rows.back().id);
    _pages.page(request, response, "board", "cases.board.title",
                sdk::Value::object({{"columns", columns},
                                    {"archive", archive},
                                    {"openTotal", openTotal},
                                    {"allCurrent", status.empty()},
                                    {"cases", items},
                                    {"empty", items.size() == 0},
                                    // false, not 0: Mustache shows a section for "0".
                                    {"overdue", overdue > 0 ? sdk::Value(overdue) : sdk::Value(false)},
                                    {"nextHref", nextHref}}));
}

} // namespace molar::cases
