#pragma once

#include "expiry/ExpiryService.h"
#include "plans/PlanService.h"
#include "rules/PlanForm.h"
#include "web/Viewer.h"

#include "molar/sdk/Plugin.h"

namespace molar::aligners {

// The aligner pages' data, in the viewer's words: the case's plan page (every version,
// newest first, with its files, 3D preview, options and the decision forms; the plan
// type's expiry and the upgrade form), the lab's
// upload form, and the plan as a share link shows it.
class PlanPages
{
public:
    PlanPages(sdk::Host& host, PlanService& service, ExpiryService& expiry)
        : _host(host), _service(service), _expiry(expiry)
    {
    }

    // `extra` is merged into the page's data: errors beside their fields, what was typed,
    // a share link just made.
    void planPage(sdk::Request& request, sdk::Response& response, const Viewer& viewer, const AlignerCase& c,
                  const sdk::Value& extra = sdk::Value::object());
    void uploadForm(sdk::Request& request, sdk::Response& response, const Viewer& viewer,
                    const AlignerCase& c, const PlanFormInput& typed, const FormErrors& errors);
    void sharedPlan(sdk::Request& request, sdk::Response& response, const Viewer& viewer,
                    const PlanService::Shared& shared, const std::string& token);

private:
    // The plan type, its expiry in the lab's calendar and the upgrade form.
    sdk::Value expiryData(const Viewer& viewer, const AlignerCase& c);
    sdk::Value planData(const Viewer& viewer, const AlignerCase& c, const Plan& plan, bool current,
                        const std::string& fileBase) const;

    sdk::Host& _host;
    PlanService& _service;
    ExpiryService& _expiry;
};

} // namespace molar::aligners
