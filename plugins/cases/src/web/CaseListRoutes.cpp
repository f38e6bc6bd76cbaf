#include "web/CaseListRoutes.h"

#include "web/CaseListPresenter.h"
#include "web/RequestWords.h"

namespace molar::cases {

void CaseListRoutes::registerRoutes(sdk::Routes& routes)
{
    routes.add("GET", "/cases", sdk::Access::Clinic, [this](sdk::Request& request, sdk::Response& response) {
        _pages.guarded(request, [&] { list(request, response); });
    });
}

void CaseListRoutes::list(sdk::Request& request, sdk::Response& response)
{
    const auto& principal = *request.principal();
    const CaseService& service = _pages.service();
    const CaseListOptions options{
        service.catalog(), service.settings().numberPrefix, service.clinicStages(),
        [&service](const std::string& stage) { return service.statusesOfStage(stage); }};
    const RequestWords words(_pages, request);
    CaseListPresenter presenter(options, words, _pages.zone(request));
    presenter.read([&request](const std::string& name) { return request.query(name); });

    CaseListQuery query = presenter.query();
    query.organizationId = principal.organizationId;
    query.ownerUserId = principal.role == "owner" || principal.role == "staff" ? 0 : principal.userId;
    std::vector<CaseRecord> rows;
    if (presenter.valid())
        rows = CaseStore::list(_host.database(), query);
    const auto counts = CaseStore::countByStage(_host.database(), query.organizationId, query.ownerUserId);
    sdk::Value data = presenter.view(std::move(rows), counts,
                                     [&](const CaseRecord& r) { return _pages.summary(request, r); });
    if (!presenter.valid())
        response.setStatus(400);
    _pages.page(request, response, "list", "cases.list.title", std::move(data));
}

} // namespace molar::cases
