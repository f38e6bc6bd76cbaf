#pragma once

#include "CaseService.h"
#include "web/wizard/DetailsStep.h"
#include "web/wizard/FilesStep.h"
#include "web/wizard/PatientStep.h"
#include "web/wizard/WizardStep.h"

#include <map>
#include <memory>

namespace molar::cases {

// The wizard's steps in order, for a draft and its product so far: details, product,
// the patient's details (if the product asks them), teeth (unless the product has no chart), shade (if it has
// one), product fields (if it has some), files, confirmations. Reads a step's form and builds a step's page
// data without HTTP.
class WizardSteps
{
public:
    // `today`: the date where the lab works, for dates of birth; UTC's by the system
    // clock when empty.
    WizardSteps(const Catalog& catalog, const CaseSettings& settings, ClinicsOf clinics, FilesOf files,
                TodayOf today = {});

    // The steps a draft goes through, given its product so far.
    static std::vector<std::string> names(const Catalog& catalog, const CaseRecord& record);
    std::vector<std::string> names(const CaseRecord& record) const { return names(_catalog, record); }
    // Whether `step` is one of the draft's steps.
    bool has(const CaseRecord& record, const std::string& step) const;
    // The step after `step`, "" after the last.
    std::string next(const CaseRecord& record, const std::string& step) const;

    // Reads the step's form into `record`; answers what is wrong. Steps after the
    // product need one: CaseRefusal(409, cases.missing.product) without.
    StepErrors read(const std::string& step, const StepInput& input, CaseRecord& record) const;
    // The step page's data: the draft's address, the progress list, the way back, the
    // step's own values and what the case is so far.
    sdk::Value view(const std::string& step, const StepInput& input, const CaseRecord& record,
                    const sdk::Value& typed) const;

private:
    const WizardStep& step(const std::string& name) const;

    const Catalog& _catalog;
    std::map<std::string, std::unique_ptr<WizardStep>> _steps;
};

} // namespace molar::cases
