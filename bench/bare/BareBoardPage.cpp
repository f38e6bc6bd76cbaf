#include "BareBoardPage.h"

#include "BareCasePage.h"
#include "BareRequest.h"
#include "BareSignIn.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/URI.h>

#include <algorithm>
#include <ctime>
#include <iostream>
#include <memory>
#include <stdexcept>

using Poco::Net::HTTPResponse;

namespace molar::bench {

LabBoardPage::LabBoardPage(const BareDatabaseUrl& url, const CaseListSetup& setup)
    : _setup(setup), _reader(url), _board(setup.boardTemplate), _layout(setup.layoutTemplate)
{
    if (!_board.is_valid())
        throw std::runtime_error("board template: " + _board.error_message());
    if (!_layout.is_valid())
        throw std::runtime_error("layout template: " + _layout.error_message());
}

ViewData LabBoardPage::rowOf(const CaseRows& rows, std::size_t r, icu::DateFormat& format, std::int64_t now,
                             bool& overdue) const
{
    // PageSupport::summary for a lab viewer, who reads statuses, then the board's two names.
    ViewData row = caseSummary(_setup, rows, r, format, now, true, overdue);
    const auto organization = _organizations.find(rows.organizationId[r]);
    row.set("organization", viewText(organization == _organizations.end() ? "" : organization->second));
    const auto person = _people.find(rows.assignedTo[r]);
    row.set("assigned", viewText(person == _people.end() ? "" : person->second));
    return row;
}

ViewData LabBoardPage::boardData(const BoardPageRequest&, const CaseRows& rows, const StatusCounts& counts,
                                 icu::DateFormat& format, std::int64_t now)
{
    std::map<std::string, Poco::Int64> byStatus;
    for (std::size_t i = 0; i < counts.status.size(); ++i)
        byStatus[counts.status[i]] = counts.count[i];
    Poco::Int64 openTotal = 0;
    ViewData columns(ViewData::type::list);
    for (const auto& status : _setup.openStatuses) {
        const auto found = byStatus.find(status.code);
        const Poco::Int64 n = found == byStatus.end() ? 0 : found->second;
        openTotal += n;
        ViewData column(ViewData::type::object);
        column.set("label", viewText(status.name));
        column.set("count", std::to_string(n));
        column.set("href", "/lab/cases?status=" + status.code);
        column.set("current", false);
        columns.push_back(column);
    }
    ViewData archive(ViewData::type::list);
    for (const auto& status : _setup.closedStatuses) {
        ViewData item(ViewData::type::object);
        item.set("label", viewText(status.name));
        item.set("href", "/lab/cases?status=" + status.code);
        item.set("current", false);
        archive.push_back(item);
    }

    const std::size_t shown = std::min(rows.size(), static_cast<std::size_t>(BoardPageSize));
    _reader.namesOf(rows, shown, _organizations, _people);

    ViewData cases(ViewData::type::list);
    Poco::Int64 overdue = 0;
    for (std::size_t r = 0; r < shown; ++r) {
        bool late = false;
        cases.push_back(rowOf(rows, r, format, now, late));
        overdue += late ? 1 : 0;
    }
    std::string nextHref;
    if (rows.size() > shown)
        nextHref = "/lab/cases?after=" + std::to_string(rows.updatedAt[shown - 1]) + "." +
                   std::to_string(rows.id[shown - 1]);

    ViewData data(ViewData::type::object);
    // Every list gains a flag hasThings before rendering, as PageSupport::page adds them.
    data.set("hasColumns", !_setup.openStatuses.empty());
    data.set("columns", columns);
    data.set("hasArchive", !_setup.closedStatuses.empty());
    data.set("archive", archive);
    data.set("openTotal", std::to_string(openTotal));
    data.set("allCurrent", true);
    data.set("hasCases", shown > 0);
    data.set("cases", cases);
    data.set("empty", shown == 0);
    data.set("overdue", overdue > 0 ? ViewData(std::to_string(overdue)) : ViewData(false));
    data.set("nextHref", viewText(nextHref));
    return data;
}

std::string LabBoardPage::render(const BoardPageRequest& request)
{
    icu::DateFormat& format = _formats.in(request.zone);
    ++_served;
    const CaseRows& rows = _reader.list(request.afterUpdatedAt, request.afterId);
    const StatusCounts& counts = _reader.countOpen();
    const std::int64_t now = std::time(nullptr);

    ViewData data = boardData(request, rows, counts, format, now);
    LayoutViewer viewer;
    viewer.path = "/lab/cases";
    viewer.returnPath = request.returnPath;
    viewer.title = _setup.boardTitle;
    viewer.userName = AdminName;
    viewer.labAdmin = true;
    viewer.menu = &_setup.labMenu;
    return renderPage(_setup, _board, data, _layout, viewer, std::to_string(_served), now, "board");
}

void LabBoardHandler::handleRequest(Poco::Net::HTTPServerRequest& request,
                                    Poco::Net::HTTPServerResponse& response)
{
    if (!signedInLab(_url, request, response))
        return;

    BoardPageRequest page;
    page.zone = _setup.labZone;
    page.returnPath = molardAddress("/lab/cases", request.getURI());
    try {
        for (const auto& [name, value] : Poco::URI(request.getURI()).getQueryParameters()) {
            // A malformed position starts from the first page, as molard's board does.
            if (name == "after" && !parseCursor(value, page.afterUpdatedAt, page.afterId))
                page.afterUpdatedAt = page.afterId = 0;
            else if (name == "zone")
                page.zone = value;
        }
    } catch (const Poco::SyntaxException&) {
        return answer(response, HTTPResponse::HTTP_BAD_REQUEST, "text/plain",
                      "the query string does not parse\n");
    }

    // Destroyed when the server's pool ends the thread, closing its connection.
    thread_local std::unique_ptr<LabBoardPage> boards;
    answerPage(
        response, "board",
        [&] {
            if (!boards)
                boards = std::make_unique<LabBoardPage>(_url, _setup);
            return boards->render(page);
        },
        [] { boards.reset(); });
}

} // namespace molar::bench
