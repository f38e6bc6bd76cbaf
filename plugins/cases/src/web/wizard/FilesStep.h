#pragma once

#include "catalog/Catalog.h"
#include "web/wizard/WizardStep.h"

namespace molar::cases {

// The files recorded on a case, by case id.
using FilesOf = std::function<std::vector<CaseFile>(std::int64_t)>;

// Scans, photos and documents. Uploads go to the case's file route, which comes back
// here; the step's own form only moves on.
class FilesStep : public WizardStep
{
public:
    FilesStep(const Catalog& catalog, FilesOf files) : _catalog(catalog), _files(std::move(files)) {}
    StepErrors read(const StepInput& input, CaseRecord& record) const override;
    void view(const StepInput& input, const CaseRecord& record, const sdk::Value& typed,
              sdk::Value& data) const override;

private:
    const Catalog& _catalog;
    FilesOf _files;
};

} // namespace molar::cases
