#pragma once

#include "store/CaseRecord.h"
#include "web/Fields.h"
#include "web/Words.h"

#include "molar/sdk/Value.h"

#include <string>
#include <utility>
#include <vector>

namespace molar::cases {

// What is wrong with a step's form: field name -> catalog key, in the order found.
using StepErrors = std::vector<std::pair<std::string, std::string>>;

// What a step sees of the request: the form sent, the address's query, the viewer's words.
struct StepInput
{
    Fields form;
    Fields query;
    const Words& words;
};

// One page of the new-case wizard: it reads its form into the draft and gives its
// template the values it shows. The routes do the HTTP around it.
class WizardStep
{
public:
    virtual ~WizardStep() = default;
    WizardStep() = default;
    WizardStep(const WizardStep&) = delete;
    WizardStep& operator=(const WizardStep&) = delete;

    // Reads the step's form into `record`; answers what is wrong, empty when nothing.
    virtual StepErrors read(const StepInput& input, CaseRecord& record) const = 0;
    // Adds the step's values to `data`. `typed`: what the user sent when the form came
    // back refused, for fields the draft does not hold yet.
    virtual void view(const StepInput& input, const CaseRecord& record, const sdk::Value& typed,
                      sdk::Value& data) const = 0;
};

} // namespace molar::cases
