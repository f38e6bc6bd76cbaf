#pragma once

#include "web/PageSupport.h"
#include "web/wizard/WizardSteps.h"

#include "molar/sdk/Plugin.h"

namespace molar::cases {

// The new-case wizard over HTTP. Each step is a page with a form; saving a step saves
// the draft and opens the next step, so nothing typed is lost. The steps themselves
// (web/wizard/) read forms and build page data; these routes load and save the draft,
// translate the steps' messages and answer. Then the draft's page offers edit, delete
// and submit.
class WizardRoutes
{
public:
    WizardRoutes(sdk::Host& host, PageSupport& pages);
    void registerRoutes(sdk::Routes& routes);

    // The steps a draft goes through, given its product so far.
    static std::vector<std::string> steps(const Catalog& catalog, const CaseRecord& record)
    {
        return WizardSteps::names(catalog, record);
    }

private:
    void newCase(sdk::Request& request, sdk::Response& response);
    void createCase(sdk::Request& request, sdk::Response& response);
    void showStep(sdk::Request& request, sdk::Response& response);
    void saveStep(sdk::Request& request, sdk::Response& response);
    void confirmDelete(sdk::Request& request, sdk::Response& response);
    void deleteDraft(sdk::Request& request, sdk::Response& response);
    void confirmSubmit(sdk::Request& request, sdk::Response& response);
    void submit(sdk::Request& request, sdk::Response& response);

    // The draft named by the address, which must still be a draft, and the step named
    // by it, which must be one of the draft's.
    CaseRecord loadDraft(sdk::Request& request, const std::string& step);
    // The slots' names in the viewer's language, comma-separated.
    std::string slotLabels(const sdk::Request& request, const std::vector<std::string>& slots) const;
    void renderStep(sdk::Request& request, sdk::Response& response, const CaseRecord& record,
                    const std::string& step, const StepErrors& errors, const sdk::Value& typed);

    sdk::Host& _host;
    PageSupport& _pages;
    WizardSteps _steps;
};

} // namespace molar::cases
