#pragma once

#include "BareCaseQueries.h"
#include "BareCaseSetup.h"
#include "BareDatabase.h"
#include "BareView.h"

#include <kainjow/mustache.hpp>
#include <unicode/datefmt.h>

#include <string>

namespace molar::bench {

// A case's row as PageSupport::summary makes it for a clinic viewer (stages) or a lab
// viewer (statuses); `overdue` tells whether its due time has passed.
ViewData caseSummary(const CaseListSetup& setup, const CaseRows& rows, std::size_t r, icu::DateFormat& format,
                     std::int64_t now, bool labViewer, bool& overdue);

// What a list page is asked for, read from the request.
struct CasePageRequest
{
    CaseListQuery query;
    std::string status;     // the stage asked for ("status" as molard calls it), "" for all
    std::string zone;       // the viewer's IANA zone, in which dates are shown
    std::string returnPath; // the address molard would have: /cases and its own parameters
};

// One thread's list page: its database reader, its parsed copies of the two templates
// (kainjow's render is not const) and its ICU date formats, one per zone. The view data
// is what CaseListPresenter::view, PageSupport::summary and ViewEngine::renderPage give
// the templates, built straight as Mustache data.
// Not thread-safe; each server thread has its own.
class CaseListPage
{
public:
    CaseListPage(const BareDatabaseUrl& url, const CaseListSetup& setup);
    ~CaseListPage();

    // The whole HTML page. Throws std::invalid_argument for a zone ICU does not know.
    std::string render(const CasePageRequest& request);

private:
    using Data = ViewData;

    // The session the page is drawn for: molard's layout shows the user's name.
    static constexpr const char* OwnerName = "Pearl Owner";

    Data listData(const CasePageRequest& request, const CaseRows& rows, const StageCounts& counts,
                  icu::DateFormat& format, std::int64_t now) const;

    const CaseListSetup& _setup;
    CaseListReader _reader;
    kainjow::mustache::mustache _list;
    kainjow::mustache::mustache _layout;
    ZoneFormats _formats;
    std::uint64_t _served = 0;
};

} // namespace molar::bench
