#pragma once

#include "NpsSettings.h"
#include "feedback/FeedbackService.h"

#include "molar/sdk/Plugin.h"

#include <memory>

namespace molar::nps {

class PageViewer;

// The feedback of a delivered case for the signed-in members of its clinic:
// /feedback/cases/<caseId>, the same form as the link's, filled in once answered,
// editable for nps.editHours and read-only after. A case of another organization, a
// case with no feedback request and any lab user get the same 404 as an unknown case
// (the lab reads feedback on its dashboard).
class MemberRoutes : public std::enable_shared_from_this<MemberRoutes>
{
public:
    MemberRoutes(sdk::Host& host, const NpsSettings& settings, FeedbackService& service)
        : _host(host), _settings(settings), _service(service)
    {
    }

    void registerRoutes(sdk::Routes& routes);

    static std::string pathOf(std::int64_t caseId);

private:
    void show(sdk::Request& request, sdk::Response& response);
    void answer(sdk::Request& request, sdk::Response& response);
    // The answer read-only, for the lab.
    void showToLab(sdk::Request& request, sdk::Response& response, const PageViewer& viewer);
    // The case's request, when the viewer answers for it; 404 otherwise.
    FeedbackRequest answerable(const sdk::Request& request, const PageViewer& viewer);

    sdk::Host& _host;
    const NpsSettings& _settings;
    FeedbackService& _service;
};

} // namespace molar::nps
