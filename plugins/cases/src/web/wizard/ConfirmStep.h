#pragma once

#include "CaseService.h"
#include "web/wizard/WizardStep.h"

namespace molar::cases {

// The clinic confirms that what it sent is true and accepts the lab's privacy policy,
// which the page links.
class ConfirmStep : public WizardStep
{
public:
    explicit ConfirmStep(const CaseSettings& settings) : _settings(settings) {}
    StepErrors read(const StepInput& input, CaseRecord& record) const override;
    void view(const StepInput& input, const CaseRecord& record, const sdk::Value& typed,
              sdk::Value& data) const override;

private:
    const CaseSettings& _settings;
};

} // namespace molar::cases
