#pragma once

#include "web/PageSupport.h"

#include "molar/sdk/Plugin.h"

namespace molar::cases {

// The new-case wizard. Each step is a page with a form; saving a step saves the
// draft and opens the next step, so nothing typed is lost. Steps: details (clinic,
// patient reference), product, teeth (chart or arches), shade, product fields,
// files, confirmations. Then the draft's page offers edit, delete and submit.
class WizardRoutes
{
public:
    WizardRoutes(sdk::Host& host, PageSupport& pages) : _host(host), _pages(pages) {}
    void registerRoutes(sdk::Routes& routes);

    // The steps a draft goes through, given its product so far.
    static std::vector<std::string> steps(const Catalog& catalog, const CaseRecord& record);

private:
    void newCase(sdk::Request& request, sdk::Response& response);
    void createCase(sdk::Request& request, sdk::Response& response);
    void showStep(sdk::Request& request, sdk::Response& response);
    void saveStep(sdk::Request& request, sdk::Response& response);
    void confirmDelete(sdk::Request& request, sdk::Response& response);
    void deleteDraft(sdk::Request& request, sdk::Response& response);
    void confirmSubmit(sdk::Request& request, sdk::Response& response);
    void submit(sdk::Request& request, sdk::Response& response);

    void renderStep(sdk::Request& request, sdk::Response& response, const CaseRecord& record,
                    const std::string& step, const sdk::Value& errors, const sdk::Value& values);
    sdk::Value stepData(sdk::Request& request, const CaseRecord& record, const std::string& step,
                        const sdk::Value& values);
    // Reads the step's form into `record`; answers field -> message for what is wrong.
    sdk::Value readStep(sdk::Request& request, CaseRecord& record, const std::string& step);
    sdk::Value readDetails(sdk::Request& request, CaseRecord& record);
    std::string nextStep(const CaseRecord& record, const std::string& step) const;

    sdk::Host& _host;
    PageSupport& _pages;
};

} // namespace molar::cases
