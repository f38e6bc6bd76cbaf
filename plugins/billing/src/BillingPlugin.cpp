#include "BillingPlugin.h"

#include "invoices/PriceBookPrices.h"
#include "modes/BillingModesDemo.h"
#include "prices/PriceListDemo.h"

namespace molar::billing {

void BillingPlugin::configure(sdk::Host& host)
{
    // Price lists: the default prices are the catalog's, read when asked (the lab
    // changes them in the catalog's config).
    _priceBook = std::make_unique<PriceBook>([&host] { return host.catalog(); });
    _priceLists = std::make_unique<PriceLists>(host, *_priceBook);

    // Invoices: the tax rate from billing.taxRateBasisPoints, item prices from the price lists.
    _invoices =
        std::make_unique<InvoiceService>(host, InvoiceSettings::read(host.config()), pricesFrom(*_priceBook));

    // Billing modes: billing.netTermsDays; invoices for delivered cases through _invoices.
    _modes = std::make_unique<BillingModes>(host, BillingModes::readNetTermsDays(host.config()), *_invoices,
                                            pricesFrom(*_priceBook));
    // Prepay and autopay: billing.prepay.reauthorizeAfterHours; cases priced as the modes price them.
    _cardCharges =
        std::make_unique<CardChargesJobs>(host, *_invoices, pricesFrom(*_priceBook), _modes->accounts(),
                                          CardChargesJobs::readReauthorizeAfterHours(host.config()));
    // Invoice pages and PDFs: the lab's header (billing.lab.*) and the PDF's fonts (billing.pdf.*).
    _pageSettings = InvoicePageSettings::read(host.config());
}

void BillingPlugin::start(sdk::Host& host)
{
    // Invoices: payments of the host's payment service, applied in its transaction.
    host.events().on("payment.succeeded", [this](sdk::Transaction& tx, const sdk::Event& event) {
        _invoices->applyPayment(tx, event.payload);
    });
    host.events().on("payment.refunded", [this](sdk::Transaction& tx, const sdk::Event& event) {
        _invoices->applyRefund(tx, event.payload);
    });

    _quotes = std::make_unique<Quotes>(host);
    _quotes->start();

    // Billing modes: /lab/billing/accounts, case.delivered, the overdue and monthly jobs.
    _modes->start();
    // Prepay and autopay: case.submitted, case.shipped, case.cancelled and the hourly renewal of holds.
    _cardCharges->start();

    // Price lists.
    _pricePages = std::make_unique<PricePages>(host, *_priceLists);
    _labPriceLists = std::make_unique<LabPriceListRoutes>(*_pricePages);
    _clinicPriceList = std::make_unique<ClinicPriceListRoutes>(*_pricePages);
    _labPriceLists->registerRoutes(host.routes());
    _clinicPriceList->registerRoutes(host.routes());
    // The links for those who act on price lists; other members still read them by address.
    host.views().addMenuItemFor(
        {"billing.prices.menu.clinic", ClinicPriceListRoutes::path, sdk::Access::Clinic, 40}, {"owner"});
    host.views().addMenuItemFor({"billing.prices.menu.lab", LabPriceListRoutes::path, sdk::Access::Lab, 40},
                                {"admin", "billing"});

    // Disputes: dispute.opened / dispute.closed of the payment service, in its transaction.
    _disputes = std::make_unique<Disputes>(host);
    _disputes->start();

    // Invoice pages and PDFs, the lab's billing dashboard.
    _invoiceRoutes = std::make_unique<InvoiceRoutes>(host, *_invoices, _pageSettings, *_disputes);
    _dashboardRoutes = std::make_unique<BillingDashboardRoutes>(host, *_invoiceRoutes, *_disputes);
    // Disputes: the lab's list, /lab/billing/disputes.
    _disputeRoutes = std::make_unique<DisputeRoutes>(host, *_disputes, *_invoiceRoutes);
    _disputeRoutes->registerRoutes(host.routes());
    _invoiceRoutes->registerRoutes(host.routes());
    _dashboardRoutes->registerRoutes(host.routes());
    // The lab's own invoices and voids: /lab/billing/invoices/new, <id>/draft, <id>/void.
    _labInvoiceActions =
        std::make_unique<LabInvoiceActions>(host, *_invoices, *_invoiceRoutes, _modes->accounts());
    _labInvoiceActions->registerRoutes(host.routes());
    // Cards: the owner's saved cards, the card-on-file requirement of prepay and autopay,
    // refunds from the lab's invoice page.
    _cards = std::make_unique<CardOnFile>(host);
    _cards->start();
    _paymentMethods = std::make_unique<PaymentMethodRoutes>(host, *_invoiceRoutes, *_cards);
    _paymentMethods->registerRoutes(host.routes());
    _refunds = std::make_unique<RefundRoutes>(host, *_invoices, *_invoiceRoutes);
    _refunds->registerRoutes(host.routes());
    host.views().addMenuItemFor({"billing.cards.menu", PaymentMethodRoutes::path, sdk::Access::Clinic, 45},
                                {"owner"});
    host.views().addMenuItem(
        {"billing.page.menu.clinic", InvoiceRoutes::clinicPath, sdk::Access::Clinic, 35});
    host.views().addMenuItemFor({"billing.page.menu.lab", BillingDashboardRoutes::path, sdk::Access::Lab, 35},
                                {"admin", "billing"});
}

void BillingPlugin::stop()
{
    // Cards (_cards stays: the host drops its activation requirement after stop()), disputes,
    // then the invoice pages and PDFs.
    _refunds.reset();
    _paymentMethods.reset();
    _disputeRoutes.reset();
    _labInvoiceActions.reset();
    _dashboardRoutes.reset();
    _invoiceRoutes.reset();
    // Price lists.
    _clinicPriceList.reset();
    _labPriceLists.reset();
    _pricePages.reset();
}

void BillingPlugin::seedDemoData(sdk::Host& host)
{
    // Price lists: Pearl Dental Group's own, accepted by its owner.
    seedPriceListDemo(host, *_priceLists);
    // Billing modes: Smile Studio pays from prepaid credits.
    seedBillingModesDemo(host, _modes->accounts());
}

} // namespace molar::billing
