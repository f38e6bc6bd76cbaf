#pragma once

#include "catalog/Catalog.h"
#include "web/wizard/WizardStep.h"

namespace molar::cases {

// What the lab makes: a product of the catalog, grouped by family. Choosing another
// product drops what the previous one needed.
class ProductStep : public WizardStep
{
public:
    explicit ProductStep(const Catalog& catalog) : _catalog(catalog) {}
    StepErrors read(const StepInput& input, CaseRecord& record) const override;
    void view(const StepInput& input, const CaseRecord& record, const sdk::Value& typed,
              sdk::Value& data) const override;

private:
    const Catalog& _catalog;
};

} // namespace molar::cases
