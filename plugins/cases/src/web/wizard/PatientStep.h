#pragma once

#include "CaseService.h"
#include "web/wizard/WizardStep.h"

#include <functional>

namespace molar::cases {

// Today's date where the lab works, YYYY-MM-DD: the latest date of birth.
using TodayOf = std::function<std::string()>;

// The patient's details for products that ask them (patientDetails, aligner work):
// first and last name where the lab allows names (the last one then required),
// gender, date of birth and country from the configured list. The name they make is
// the case's patient name.
class PatientStep : public WizardStep
{
public:
    PatientStep(const CaseSettings& settings, TodayOf today) : _settings(settings), _today(std::move(today))
    {
    }
    StepErrors read(const StepInput& input, CaseRecord& record) const override;
    void view(const StepInput& input, const CaseRecord& record, const sdk::Value& typed,
              sdk::Value& data) const override;

private:
    const CaseSettings& _settings;
    TodayOf _today;
};

} // namespace molar::cases
