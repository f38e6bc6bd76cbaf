#pragma once

#include "plans/PlanService.h"
#include "web/PlanPages.h"

#include "molar/sdk/Plugin.h"

#include <memory>

namespace molar::aligners {

// The plan pages of signed-in users: /aligners/cases/<caseId> (every version, the
// decision forms, the share links), the lab's upload form and its multipart post, the
// clinic's accept / reject / modify, share links made and revoked, and the plan's files.
// A case, plan, file or link of another organization answers the same 404 as an unknown
// one.
class PlanRoutes : public std::enable_shared_from_this<PlanRoutes>
{
public:
    PlanRoutes(sdk::Host& host, PlanService& service, PlanPages& pages)
        : _host(host), _service(service), _pages(pages)
    {
    }

    void registerRoutes(sdk::Routes& routes);

private:
    void show(sdk::Request& request, sdk::Response& response);
    void newPlan(sdk::Request& request, sdk::Response& response);
    void upload(sdk::Request& request, sdk::Response& response);
    void accept(sdk::Request& request, sdk::Response& response);
    void reject(sdk::Request& request, sdk::Response& response);
    void modify(sdk::Request& request, sdk::Response& response);
    void share(sdk::Request& request, sdk::Response& response);
    void revoke(sdk::Request& request, sdk::Response& response);
    void file(sdk::Request& request, sdk::Response& response);
    // A refused decision: a reason left empty shows the page again with the error beside
    // its field (400); anything else is an error page in the viewer's words.
    void decisionRefused(sdk::Request& request, sdk::Response& response, const PlanRefusal& refusal,
                         std::int64_t planId, const std::string& field, const std::string& typed);

    sdk::Host& _host;
    PlanService& _service;
    PlanPages& _pages;
};

// Sends a stored plan file: STLs and the PDF as themselves, a viewer file only as a
// download; never cached by a shared cache.
void sendPlanFile(sdk::Host& host, sdk::Response& response, const PlanFile& file);

} // namespace molar::aligners
