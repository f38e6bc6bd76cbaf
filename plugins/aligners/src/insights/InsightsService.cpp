#include "insights/InsightsService.h"

#include "store/InsightsStore.h"

#include "molar/sdk/Accounts.h"

#include <chrono>
#include <set>
#include <stdexcept>

namespace molar::aligners {

namespace {

constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;

PracticeInsights figuresOf(const ClinicInsightRecords& records, std::int64_t clinicId, int days,
                           std::int64_t nowMs)
{
    std::vector<InsightCase> cases;
    for (const auto& c : records.cases)
        if (clinicId == 0 || c.clinicId == clinicId)
            cases.push_back(c.record);
    std::vector<InsightPlan> plans;
    for (const auto& d : records.decisions)
        if (clinicId == 0 || d.clinicId == clinicId)
            plans.push_back(d.record);
    return computeInsights(cases, plans, days, nowMs);
}

} // namespace

std::int64_t InsightsService::now() const
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(_host.clock().now().time_since_epoch())
        .count();
}

InsightsReport InsightsService::report(std::int64_t organizationId, int days)
{
    if (!isInsightsPeriod(days))
        throw std::invalid_argument("insights cover 30, 90 or 365 days");
    const std::int64_t nowMs = now();
    const auto records = InsightsStore::since(_host.database(), organizationId, nowMs - 2 * days * kDayMs);
    InsightsReport out;
    out.days = days;
    out.organization = {0, "", figuresOf(records, 0, days, nowMs)};
    std::set<std::int64_t> listed;
    for (const auto& clinic : _host.accounts().clinics(organizationId)) {
        listed.insert(clinic.id);
        out.practices.push_back({clinic.id, clinic.name, figuresOf(records, clinic.id, days, nowMs)});
    }
    // A clinic removed since still has its cases counted under its own name.
    std::set<std::int64_t> archived;
    for (const auto& c : records.cases)
        if (!listed.count(c.clinicId))
            archived.insert(c.clinicId);
    for (const auto& d : records.decisions)
        if (!listed.count(d.clinicId))
            archived.insert(d.clinicId);
    for (const std::int64_t clinicId : archived) {
        if (clinicId == 0)
            continue; // no practice recorded: counted for the organization only
        const auto clinic = _host.accounts().clinic(clinicId);
        if (clinic && clinic->organizationId != organizationId)
            continue;
        out.practices.push_back({clinicId, clinic ? clinic->name : "#" + std::to_string(clinicId),
                                 figuresOf(records, clinicId, days, nowMs)});
    }
    return out;
}

PracticeInsights InsightsService::organization(std::int64_t organizationId, int days)
{
    const std::int64_t nowMs = now();
    const auto records = InsightsStore::since(_host.database(), organizationId, nowMs - 2 * days * kDayMs);
    return figuresOf(records, 0, days, nowMs);
}

bool InsightsService::hasCases(std::int64_t organizationId)
{
    return InsightsStore::hasCases(_host.database(), organizationId);
}

} // namespace molar::aligners
