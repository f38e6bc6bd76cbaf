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
    DetailsStep(const CaseSettings& settings, const Catalog& catalog, ClinicsOf clinics)
        : _settings(settings), _catalog(catalog), _clinics(std::move(clinics))
    {
    }
    StepErrors read(const StepInput& input, CaseRecord& record) const override;
    void view(const StepInput& input, const CaseRecord& record, const sdk::Value& typed,
              sdk::Value& data) const override;

private:
    // Whether this page asks the name: not for a product whose patient step asks
    // first and last name.
    bool asksName(const CaseRecord& record) const;

    const CaseSettings& _settings;
    const Catalog& _catalog;
    ClinicsOf _clinics;
};

} // namespace molar::cases
