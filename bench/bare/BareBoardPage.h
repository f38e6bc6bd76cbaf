#pragma once

#include "BareBoardQueries.h"
#include "BareCaseSetup.h"
#include "BareDatabase.h"
#include "BareView.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <kainjow/mustache.hpp>

#include <cstdint>
#include <map>
#include <string>

namespace molar::bench {

// What a board page is asked for, read from the request.
struct BoardPageRequest
{
    Poco::Int64 afterUpdatedAt = 0;
    Poco::Int64 afterId = 0; // 0: the first page
    std::string zone;        // the viewer's IANA zone, in which dates are shown
    std::string returnPath;  // the address molard would have: /lab/cases and its own parameters
};

// One thread's lab board: its reader, its parsed board and layout templates and its
// date formats. The view data is what LabBoardRoutes::board, PageSupport::summary and
// ViewEngine::renderPage give the templates, built straight as Mustache data.
// Not thread-safe; each server thread has its own.
class LabBoardPage
{
public:
    LabBoardPage(const BareDatabaseUrl& url, const CaseListSetup& setup);

    // The whole HTML page. Throws std::invalid_argument for a zone ICU does not know.
    std::string render(const BoardPageRequest& request);

private:
    // The lab admin the page is drawn for, as the demo names them.
    static constexpr const char* AdminName = "Mariam Al-Kuwari";

    ViewData boardData(const BoardPageRequest& request, const CaseRows& rows, const StatusCounts& counts,
                       icu::DateFormat& format, std::int64_t now);
    ViewData rowOf(const CaseRows& rows, std::size_t r, icu::DateFormat& format, std::int64_t now,
                   bool& overdue) const;

    const CaseListSetup& _setup;
    BoardReader _reader;
    kainjow::mustache::mustache _board;
    kainjow::mustache::mustache _layout;
    ZoneFormats _formats;
    std::map<Poco::Int64, std::string> _organizations;
    std::map<Poco::Int64, std::string> _people;
    std::uint64_t _served = 0;
};

// GET /lab/cases[?after=<updated>.<id>][&zone=<IANA zone>]: the first or a later page
// of molard's lab board as the lab admin sees it, the plainest way that does the same
// work (see LabBoardPage). No session, router or middleware.
class LabBoardHandler : public Poco::Net::HTTPRequestHandler
{
public:
    LabBoardHandler(const BareDatabaseUrl& url, const CaseListSetup& setup) : _url(url), _setup(setup) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override;

private:
    const BareDatabaseUrl& _url;
    const CaseListSetup& _setup;
};

} // namespace molar::bench
