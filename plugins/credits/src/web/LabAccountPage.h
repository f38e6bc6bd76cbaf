#pragma once

#include "CreditsServices.h"
#include "web/AdjustmentForm.h"
#include "web/LabViewer.h"

#include "molar/sdk/Plugin.h"

#include <string>

namespace molar::credits {

// What a refused form sent, to show again with its error beside the field.
struct LabFormsSent
{
    const AdjustmentForm* adjustment = nullptr;
    bool discountSent = false;
    std::string discount; // as typed
    std::string discountError;
    bool returnSent = false;
    std::string returnInvoice;
    std::string returnReason;
    std::string returnInvoiceError;
    std::string returnReasonError;
};

// /lab/credits/<organization>: the balance and settings, the activity (paged by `before`),
// held cases, and for admins and billing clerks the forms to adjust the balance, set the
// discount and give a case's debit back.
class LabAccountPage
{
public:
    explicit LabAccountPage(CreditsServices& services) : _services(services) {}

    void render(sdk::Request& request, sdk::Response& response, int status, const LabViewer& viewer,
                const sdk::OrganizationInfo& organization, const LabFormsSent& sent,
                const std::string& notice);

private:
    sdk::Value activity(const sdk::Request& request, const LabViewer& viewer, std::int64_t organizationId,
                        sdk::Value& data);
    sdk::Value returnable(const LabViewer& viewer, std::int64_t organizationId, const std::string& chosen);

    CreditsServices& _services;
};

} // namespace molar::credits
