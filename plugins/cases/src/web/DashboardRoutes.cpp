#include "web/DashboardRoutes.h"

#include "web/Panels.h"

#include "molar/sdk/Errors.h"
#include "web/ActivityText.h"

namespace molar::cases {

void DashboardRoutes::registerRoutes(sdk::Routes& routes)
{
    routes.add("GET", path, sdk::Access::Clinic, [this](sdk::Request& request, sdk::Response& response) {
        _pages.guarded(request, [&] { show(request, response); });
    });
}

Dashboard DashboardRoutes::load(sdk::SqlRunner& db, const DashboardPresenter& presenter,
                                std::int64_t organizationId, std::int64_t ownerUserId)
{
    // Organization 0 means every organization to the store: never for a clinic.
    if (organizationId == 0)
        throw CaseRefusal(403, "cases.error.clinicOnly");
    CaseListQuery query;
    query.organizationId = organizationId;
    query.ownerUserId = ownerUserId;
    query.limit = static_cast<int>(DashboardPresenter::listSize);
    std::vector<CaseRecord> candidates;
    for (const auto& status : presenter.waitingStatuses()) {
        query.status = status;
        for (auto& record : CaseStore::list(db, query))
            candidates.push_back(std::move(record));
    }
    // The latest entries are those of the most recently changed cases: each change
    // (status, message, file, assignment) moves its case's updated_at.
    query.status.clear();
    query.includeDrafts = false;
    const std::vector<CaseRecord> recent = CaseStore::list(db, query);
    std::vector<Activity> activity;
    for (const auto& record : recent)
        for (auto& entry : CaseStore::activity(db, record.id, static_cast<int>(DashboardPresenter::listSize)))
            activity.push_back(std::move(entry));
    Dashboard dashboard = presenter.present(CaseStore::countByStage(db, organizationId, ownerUserId),
                                            candidates, recent, activity);
    // A held case says why; the list rows do not carry the reason.
    for (auto& waiting : dashboard.waiting)
        if (waiting.reason == "on_hold")
            if (const auto full = CaseStore::load(db, waiting.record.id))
                waiting.record.holdReason = full->holdReason;
    return dashboard;
}

void DashboardRoutes::show(sdk::Request& request, sdk::Response& response)
{
    const auto& principal = *request.principal();
    // As in My cases: a dentist follows the cases they hold, owners and staff every one.
    const std::int64_t owner = principal.role == "owner" || principal.role == "staff" ? 0 : principal.userId;
    const CaseService& service = _pages.service();
    const DashboardPresenter presenter(service.workflows(), service.clinicStages());
    const Dashboard dashboard = load(_host.database(), presenter, principal.organizationId, owner);

    sdk::Value stages = sdk::Value::array();
    for (const auto& s : dashboard.stages)
        stages.push(sdk::Value::object({{"label", _pages.stageLabel(request, s.stage)},
                                        {"count", s.count},
                                        {"none", s.count == 0},
                                        {"href", "/cases?status=" + s.stage}}));
    sdk::Value waiting = sdk::Value::array();
    for (const auto& w : dashboard.waiting) {
        sdk::Value item = _pages.summary(request, w.record);
        item.set("reason", _pages.t(request, "cases.dashboard.reason." + w.reason));
        item.set("holdReason", w.record.holdReason);
        waiting.push(std::move(item));
    }
    sdk::Value recent = sdk::Value::array();
    for (const auto& r : dashboard.recent) {
        const Activity& a = r.activity;
        const std::string text = r.toStage.empty() ? _pages.label(request, "cases.activity.", a.kind)
                                                   : _pages.stageLabel(request, r.fromStage) + " → " +
                                                         _pages.stageLabel(request, r.toStage);
        recent.push(sdk::Value::object({{"at", _pages.time(request, a.at)},
                                        {"atStamp", PageSupport::stamp(a.at)},
                                        {"number", r.record.number},
                                        {"href", "/cases/" + std::to_string(r.record.id)},
                                        {"text", text},
                                        {"summary", activitySummary(_host, request.language(), a)},
                                        {"summaryTyped", a.summaryKey.empty()},
                                        {"actor", activityActor(_pages.views(), request.language(), a)},
                                        {"actorIsPortal", byPortal(a)}}));
    }
    // Other plugins' boxes for the clinic (SDK 1.8), already in the viewer's language.
    const sdk::Value panels = panelsData(_host.views(), panelPlace, request, "dashboard-panel");
    _pages.page(request, response, "dashboard", "cases.dashboard.title",
                sdk::Value::object({{"stages", stages},
                                    {"panels", panels},
                                    {"total", dashboard.total},
                                    {"waiting", waiting},
                                    {"recent", recent},
                                    {"zone", _pages.zone(request)}}));
}

} // namespace molar::cases
