#pragma once

#include "rules/PracticeInsights.h"

#include "molar/sdk/Plugin.h"

#include <cstdint>
#include <string>
#include <vector>

namespace molar::aligners {

// One practice's figures (or the whole organization's: clinicId 0).
struct PracticeFigures
{
    std::int64_t clinicId = 0;
    std::string name;
    PracticeInsights insights;
};

struct InsightsReport
{
    int days = 0;
    PracticeFigures organization;
    std::vector<PracticeFigures> practices; // the organization's clinics by name, then archived ones
};

// A clinic organization's practice insights over 30, 90 or 365 days against the days
// before: the whole organization and each of its practices (clinics).
class InsightsService
{
public:
    explicit InsightsService(sdk::Host& host) : _host(host) {}

    // `days` is 30, 90 or 365 (std::invalid_argument otherwise).
    InsightsReport report(std::int64_t organizationId, int days);
    // The whole organization only (the dashboard's panel).
    PracticeInsights organization(std::int64_t organizationId, int days);
    bool hasCases(std::int64_t organizationId);

private:
    std::int64_t now() const;

    sdk::Host& _host;
};

} // namespace molar::aligners
