#pragma once

#include "CaseService.h"
#include "molar/sdk/Plugin.h"

namespace molar::cases {

// The demo's cases: for each demo clinic's dentist, a case in every state of both
// workflows (taken there through the workflow's own actions), a few drafts, and a
// small scan to preview. Spread over the past weeks so lists, ETA badges and
// overdue marks have something to show. Skipped when the demo already has cases.
class CasesDemoData
{
public:
    CasesDemoData(sdk::Host& host, CaseService& service) : _host(host), _service(service) {}
    void seed();

private:
    // Takes the case through the workflow's actions, shortest path, to `state`, each
    // action by the lab or, where only the clinic may take it, by the clinic.
    void moveTo(std::int64_t id, const Workflow& workflow, const std::string& state, const CaseCaller& lab,
                const CaseCaller& clinic);
    std::int64_t makeCase(const CaseCaller& dentist, const sdk::ClinicInfo& clinic,
                          const std::string& product, const std::string& patientRef);
    void attachScan(const CaseCaller& dentist, std::int64_t id);
    void backdate(std::int64_t id, std::int64_t seconds);

    sdk::Host& _host;
    CaseService& _service;
};

} // namespace molar::cases
