#pragma once

#include "CaseService.h"
#include "web/wizard/WizardStep.h"

#include "molar/sdk/Accounts.h"

namespace molar::cases {

// The organization's clinics, by organization id.
using ClinicsOf = std::function<std::vector<sdk::ClinicInfo>(std::int64_t)>;

// Who the case is for: the patient's reference (an internal ID, not a name), the
// patient's name where the lab asks for it, and the clinic when there are several.
class DetailsStep : public WizardStep
{
public:
    DetailsStep(const CaseSettings& settings, ClinicsOf clinics)
        : _settings(settings), _clinics(std::move(clinics))
    {
    }
    StepErrors read(const StepInput& input, CaseRecord& record) const override;
    void view(const StepInput& input, const CaseRecord& record, const sdk::Value& typed,
              sdk::Value& data) const override;

private:
    const CaseSettings& _settings;
    ClinicsOf _clinics;
};

} // namespace molar::cases
