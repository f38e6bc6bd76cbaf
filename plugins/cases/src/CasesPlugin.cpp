#include "CasesPlugin.h"

#include "CasesSettings.h"
#include "demo/CasesDemoData.h"
#include "molar/sdk/Errors.h"

namespace molar::cases {

void CasesPlugin::configure(sdk::Host& host)
{
    sdk::Config& config = host.config();
    auto workflows = loadWorkflows(config);
    Catalog catalog = loadCatalog(config, workflows);
    auto calendar = std::make_unique<WorkingCalendar>(WorkingCalendar::fromConfig(config, host.timeZone()));

    _settings = readCasesSettings(config);
    _service = std::make_unique<CaseService>(host, std::move(catalog), std::move(workflows),
                                             std::move(calendar), _settings.cases);
}

void CasesPlugin::start(sdk::Host& host)
{
    _pages = std::make_unique<PageSupport>(*_service, host.views(), host.locales());
    const IntakeLimits& intake = _settings.intake;
    _pages->setValue("maxMegabytes", std::to_string(intake.maxBytes / (1024 * 1024)));
    _pages->setValue("maxFilesPerRequest", std::to_string(intake.maxFilesPerRequest));
    _pages->setValue("maxFilesPerCase", std::to_string(_settings.cases.maxFilesPerCase));
    _pages->setValue("maxImageMegapixels", std::to_string(intake.inspection.maxImagePixels / 1000000));
    _pages->setValue("maxMessageCharacters", std::to_string(CaseDetailRoutes::maxMessageCharacters));
    _intake = std::make_unique<FileIntake>(host, intake);
    _clinicCases = std::make_unique<ClinicCases>(host.database());
    _wizard = std::make_unique<WizardRoutes>(host, *_pages);
    _list = std::make_unique<CaseListRoutes>(host, *_pages);
    _detail = std::make_unique<CaseDetailRoutes>(host, *_pages, *_intake);
    _files = std::make_unique<FileRoutes>(host, *_pages, *_intake);
    _board = std::make_unique<LabBoardRoutes>(host, *_pages);
    _tracker = std::make_unique<TrackerRoutes>(host, *_pages, _settings.trackerPerMinute,
                                               _settings.trackerVisibleDaysAfterDelivery);
    _privacy = std::make_unique<PrivacyRoutes>(*_pages);
    _dashboard = std::make_unique<DashboardRoutes>(host, *_pages);

    _wizard->registerRoutes(host.routes());
    _list->registerRoutes(host.routes());
    _detail->registerRoutes(host.routes());
    _files->registerRoutes(host.routes());
    _board->registerRoutes(host.routes());
    _tracker->registerRoutes(host.routes());
    _privacy->registerRoutes(host.routes());
    _dashboard->registerRoutes(host.routes());

    host.views().addMenuItem({"cases.menu.dashboard", DashboardRoutes::path, sdk::Access::Clinic, 9});
    host.views().addMenuItem({"cases.menu.myCases", "/cases", sdk::Access::Clinic, 10});
    host.views().addMenuItem({"cases.menu.send", "/cases/new", sdk::Access::Clinic, 11});
    host.views().addMenuItem({"cases.menu.board", "/lab/cases", sdk::Access::Lab, 10});
    host.views().addMenuItem({"cases.menu.track", "/track", sdk::Access::Public, 90});

    // Other plugins add to a case's timeline (invoices, payments, warranty, feedback)
    // by publishing "case.activity" in their own transaction.
    host.events().on("case.activity", [this](sdk::Transaction& tx, const sdk::Event& event) {
        _service->addExternalActivity(tx, event.payload);
    });
    // And move a case by a workflow action ("case.move": billing, when a clinic answers a
    // quote) in their own transaction; a refused move rolls their change back too.
    // And open a remake of a case ("case.open_remake": warranty, when the lab approves a
    // claim) in their own transaction.
    host.events().on("case.open_remake", [this](sdk::Transaction& tx, const sdk::Event& event) {
        try {
            _service->openRemake(tx, event.payload);
        } catch (const CaseRefusal& refusal) {
            throw sdk::HttpError(refusal.status(), "case.open_remake refused: " + refusal.key());
        }
    });
    // And open a later order of an aligner case ("case.open_order": aligners, a clinic ordering
    // a refinement, a retainer or replacement aligners) in their own transaction.
    host.events().on("case.open_order", [this](sdk::Transaction& tx, const sdk::Event& event) {
        try {
            _service->openOrder(tx, event.payload);
        } catch (const CaseRefusal& refusal) {
            throw sdk::HttpError(refusal.status(), "case.open_order refused: " + refusal.key());
        }
    });
    host.events().on("case.move", [this](sdk::Transaction& tx, const sdk::Event& event) {
        try {
            _service->moveBySystem(tx, event.payload);
        } catch (const CaseRefusal& refusal) {
            throw sdk::HttpError(refusal.status(), "case.move refused: " + refusal.key());
        }
    });
}

void CasesPlugin::seedDemoData(sdk::Host& host)
{
    CasesDemoData(host, *_service).seed();
}

bool CasesPlugin::holdsClinicRecords(std::int64_t clinicId)
{
    // Not started (or stopping): keep the clinic rather than lose what cases name it.
    return !_clinicCases || _clinicCases->anyNames(clinicId);
}

std::vector<sdk::CatalogItem> CasesPlugin::catalogItems()
{
    std::vector<sdk::CatalogItem> items;
    if (!_service)
        return items;
    const Catalog& catalog = _service->catalog();
    for (const Product& product : catalog.products())
        items.push_back({product.code, product.name, product.family, product.priceMinor, catalog.currency(),
                         product.warrantyMonths});
    return items;
}

void CasesPlugin::stop()
{
    _dashboard.reset();
    _privacy.reset();
    _tracker.reset();
    _board.reset();
    _files.reset();
    _detail.reset();
    _list.reset();
    _wizard.reset();
    _intake.reset();
    _pages.reset();
    _clinicCases.reset();
}

} // namespace molar::cases
