#pragma once

#include "catalog/Catalog.h"
#include "web/wizard/WizardStep.h"

namespace molar::cases {

// Which teeth, and in which state each (prepared, missing, ...), in FDI or Universal
// numbering; aligner products choose the arches instead of single teeth.
class TeethStep : public WizardStep
{
public:
    explicit TeethStep(const Catalog& catalog) : _catalog(catalog) {}
    StepErrors read(const StepInput& input, CaseRecord& record) const override;
    void view(const StepInput& input, const CaseRecord& record, const sdk::Value& typed,
              sdk::Value& data) const override;

private:
    const Catalog& _catalog;
};

} // namespace molar::cases
