#pragma once

#include "CreditsServices.h"
#include "web/ActivityCsv.h"
#include "web/ActivityFilter.h"
#include "web/ClinicViewer.h"

#include "molar/sdk/Plugin.h"

#include <memory>

namespace molar::credits {

// The organization's ledger for every member: GET /credits/activity (newest first, by
// kind and days, paged by entry id) and GET /credits/activity.csv (the same filters, every
// entry, as a spreadsheet download).
class ActivityRoutes : public std::enable_shared_from_this<ActivityRoutes>
{
public:
    static constexpr int pageSize = 50;

    explicit ActivityRoutes(CreditsServices& services) : _services(services) {}

    void registerRoutes(sdk::Routes& routes);

private:
    void page(sdk::Request& request, sdk::Response& response);
    void csv(sdk::Request& request, sdk::Response& response);

    ActivityFilter filterOf(const sdk::Request& request, const ClinicViewer& viewer) const;
    std::string kindWords(const ClinicViewer& viewer, const std::string& kind) const;
    ActivityCsvWords csvWords(const ClinicViewer& viewer) const;

    CreditsServices& _services;
};

} // namespace molar::credits
