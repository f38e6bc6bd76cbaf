#include "web/wizard/ConfirmStep.h"

#include "web/PrivacyRoutes.h"

namespace molar::cases {

StepErrors ConfirmStep::read(const StepInput& input, CaseRecord& record) const
{
    StepErrors errors;
    if (input.form("truthful") != "yes")
        errors.emplace_back("truthful", "cases.error.truthful");
    if (input.form("privacy") != "yes")
        errors.emplace_back("privacy", "cases.error.privacy");
    record.confirmed = errors.empty();
    return errors;
}

void ConfirmStep::view(const StepInput&, const CaseRecord&, const sdk::Value&, sdk::Value& data) const
{
    data.set("privacyHref", PrivacyRoutes::policyHref(_settings));
}

} // namespace molar::cases
