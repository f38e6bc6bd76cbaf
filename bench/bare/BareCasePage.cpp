#include "BareCasePage.h"

#include <ctime>
#include <stdexcept>

namespace molar::bench {

CaseListPage::CaseListPage(const BareDatabaseUrl& url, const CaseListSetup& setup)
    : _setup(setup), _reader(url), _list(setup.listTemplate), _layout(setup.layoutTemplate)
{
    if (!_list.is_valid())
        throw std::runtime_error("list template: " + _list.error_message());
    if (!_layout.is_valid())
        throw std::runtime_error("layout template: " + _layout.error_message());
}

CaseListPage::~CaseListPage() = default;

std::string CaseListPage::render(const CasePageRequest& request)
{
    icu::DateFormat& format = _formats.in(request.zone);
    ++_served;
    const CaseRows& rows = _reader.list(request.query);
    const StageCounts& counts = _reader.countByStage(request.query.organizationId);
    const std::int64_t now = std::time(nullptr);

    Data data = listData(request, rows, counts, format, now);
    LayoutViewer viewer;
    viewer.path = "/cases";
    viewer.returnPath = request.returnPath;
    viewer.title = _setup.title;
    viewer.userName = OwnerName;
    viewer.orgOwner = true;
    viewer.menu = &_setup.menu;
    return renderPage(_setup, _list, data, _layout, viewer, std::to_string(_served), now, "list");
}

} // namespace molar::bench
