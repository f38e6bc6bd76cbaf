#pragma once

#include "web/wizard/WizardStep.h"

namespace molar::cases {

// The shade, from the Vita classical or 3D-Master guide ("classical:A2").
class ShadeStep : public WizardStep
{
public:
    StepErrors read(const StepInput& input, CaseRecord& record) const override;
    void view(const StepInput& input, const CaseRecord& record, const sdk::Value& typed,
              sdk::Value& data) const override;
};

} // namespace molar::cases
