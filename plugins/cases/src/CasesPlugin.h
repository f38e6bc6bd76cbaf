#pragma once

#include "CaseService.h"
#include "CasesSettings.h"
#include "molar/sdk/Catalog.h"
#include "molar/sdk/ClinicRecords.h"
#include "molar/sdk/DemoData.h"
#include "molar/sdk/Plugin.h"
#include "store/ClinicCases.h"
#include "web/CaseDetailRoutes.h"
#include "web/CaseListRoutes.h"
#include "web/DashboardRoutes.h"
#include "web/FileIntake.h"
#include "web/FileRoutes.h"
#include "web/LabBoardRoutes.h"
#include "web/PageSupport.h"
#include "web/PrivacyRoutes.h"
#include "web/TrackerRoutes.h"
#include "web/WizardRoutes.h"

#include <memory>

namespace molar::cases {

// Case intake and tracking: the catalog and workflows from config, the new-case
// wizard, files, the lab board, My Cases, the case page and the public tracker.
class CasesPlugin : public sdk::Plugin,
                    public sdk::DemoData,
                    public sdk::ClinicRecords,
                    public sdk::CatalogSource
{
public:
    void configure(sdk::Host& host) override;
    void start(sdk::Host& host) override;
    void stop() override;
    void seedDemoData(sdk::Host& host) override;
    // A clinic that any case names is archived by the host, not deleted.
    bool holdsClinicRecords(std::int64_t clinicId) override;
    // The products with the lab's default prices, for the plugins that price work.
    std::vector<sdk::CatalogItem> catalogItems() override;

private:
    std::unique_ptr<CaseService> _service;
    std::unique_ptr<PageSupport> _pages;
    std::unique_ptr<FileIntake> _intake;
    std::unique_ptr<WizardRoutes> _wizard;
    std::unique_ptr<CaseListRoutes> _list;
    std::unique_ptr<CaseDetailRoutes> _detail;
    std::unique_ptr<FileRoutes> _files;
    std::unique_ptr<LabBoardRoutes> _board;
    std::unique_ptr<TrackerRoutes> _tracker;
    std::unique_ptr<PrivacyRoutes> _privacy;
    std::unique_ptr<DashboardRoutes> _dashboard;
    CasesSettings _settings;
    std::unique_ptr<ClinicCases> _clinicCases;
};

} // namespace molar::cases
