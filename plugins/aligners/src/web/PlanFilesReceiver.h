#pragma once

#include "plans/Plan.h"

#include "molar/sdk/Plugin.h"

#include <istream>
#include <string>
#include <vector>

namespace molar::aligners {

// Takes a plan's files from an upload as they stream in: each written to the plugin's
// file store, known by its bytes (an STL per step, named with its step number; a PDF
// report; a viewer file kept for download only), at most 100 MB each and 120 in all.
// Files not committed to a plan are removed: call discard() when the plan is not stored.
class PlanFilesReceiver
{
public:
    PlanFilesReceiver(sdk::Host& host, std::int64_t caseId) : _host(host), _caseId(caseId) {}
    ~PlanFilesReceiver() = default;

    // One file part of the form: field "upperSteps", "lowerSteps", "report" or "viewer".
    // Throws PlanRefusal naming the problem (the files taken so far stay until discard()).
    void receive(const std::string& field, const std::string& fileName, std::istream& in);
    // Checks the step files against the plan's steps per arch; a catalog key, or "".
    std::string checkSteps(int stepsUpper, int stepsLower) const;
    const std::vector<PlanFile>& files() const { return _files; }
    void discard();

private:
    sdk::Host& _host;
    std::int64_t _caseId;
    std::vector<PlanFile> _files;
};

} // namespace molar::aligners
