#include "CasesPlugin.h"

#include "molar/sdk/Errors.h"

#include <cctype>

namespace molar::cases {

void CasesPlugin::configure(sdk::Host& host)
{
    sdk::Config& config = host.config();
    auto workflows = loadWorkflows(config);
    Catalog catalog = loadCatalog(config, workflows);
    auto calendar = std::make_unique<WorkingCalendar>(WorkingCalendar::fromConfig(config));

    CaseSettings settings;
    settings.numberPrefix = config.getString("numberPrefix", "TR");
    if (settings.numberPrefix.empty() || settings.numberPrefix.size() > 6 ||
        settings.numberPrefix.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos)
        throw sdk::ConfigError("numberPrefix", settings.numberPrefix, "1 to 6 capital letters A-Z");
    settings.patientNames = config.getBool("patientNames", false);

    _maxFileBytes = static_cast<std::uint64_t>(
        config.getInt("files.maxMegabytes", 200, 1, 4096) * 1024 * 1024);
    _limits.maxZipEntries = static_cast<std::uint64_t>(config.getInt("files.maxZipEntries", 200, 1, 100000));
    _limits.maxZipExpandedBytes =
        static_cast<std::uint64_t>(config.getInt("files.maxZipExpandedMegabytes", 1024, 1, 65536) * 1024 * 1024);
    _trackerPerMinute = static_cast<int>(config.getInt("tracker.requestsPerMinute", 30, 1, 100000));

    _service = std::make_unique<CaseService>(host, std::move(catalog), std::move(workflows), std::move(calendar),
                                             settings);
}

void CasesPlugin::start(sdk::Host& host)
{
    _pages = std::make_unique<PageSupport>(*_service, host.views());
    _intake = std::make_unique<FileIntake>(host, *_service, _maxFileBytes, _limits);
    _wizard = std::make_unique<WizardRoutes>(host, *_pages);
    _list = std::make_unique<CaseListRoutes>(host, *_pages);
    _detail = std::make_unique<CaseDetailRoutes>(host, *_pages, *_intake);
    _files = std::make_unique<FileRoutes>(host, *_pages, *_intake);
    _board = std::make_unique<LabBoardRoutes>(host, *_pages);
    _tracker = std::make_unique<TrackerRoutes>(host, *_pages, _trackerPerMinute);

    _wizard->registerRoutes(host.routes());
    _list->registerRoutes(host.routes());
    _detail->registerRoutes(host.routes());
    _files->registerRoutes(host.routes());
    _board->registerRoutes(host.routes());
    _tracker->registerRoutes(host.routes());

    // Other plugins add to a case's timeline (invoices, payments, warranty, feedback)
    // by publishing "case.activity" in their own transaction.
    host.events().on("case.activity", [this](sdk::Transaction& tx, const sdk::Event& event) {
        _service->addExternalActivity(tx, event.payload);
    });
}

void CasesPlugin::stop()
{
    _tracker.reset();
    _board.reset();
    _files.reset();
    _detail.reset();
    _list.reset();
    _wizard.reset();
    _intake.reset();
    _pages.reset();
}

} // namespace molar::cases
