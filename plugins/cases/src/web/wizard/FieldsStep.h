#pragma once

#include "catalog/Catalog.h"
#include "web/wizard/WizardStep.h"

namespace molar::cases {

// The product's own fields (margin, overjet, ...), checked by the catalog's rules.
// Each field's message is shown beside it.
class FieldsStep : public WizardStep
{
public:
    explicit FieldsStep(const Catalog& catalog) : _catalog(catalog) {}
    StepErrors read(const StepInput& input, CaseRecord& record) const override;
    void view(const StepInput& input, const CaseRecord& record, const sdk::Value& typed,
              sdk::Value& data) const override;

private:
    const Catalog& _catalog;
};

} // namespace molar::cases
