#pragma once

#include "cards/CardChargesJobs.h"
#include "cards/CardOnFile.h"
#include "cards/PaymentMethodRoutes.h"
#include "cards/RefundRoutes.h"
#include "disputes/DisputeRoutes.h"
#include "disputes/Disputes.h"
#include "invoices/InvoiceService.h"
#include "modes/BillingModes.h"
#include "molar/sdk/DemoData.h"
#include "molar/sdk/Plugin.h"
#include "prices/ClinicPriceListRoutes.h"
#include "prices/LabPriceListRoutes.h"
#include "prices/PriceBook.h"
#include "prices/PriceLists.h"
#include "prices/PricePages.h"
#include "quotes/Quotes.h"
#include "web/BillingDashboardRoutes.h"
#include "web/InvoicePageSettings.h"
#include "web/InvoiceRoutes.h"
#include "web/LabInvoiceActions.h"

#include <memory>

namespace molar::billing {

// How the lab gets paid: price lists and the clinics' agreement to them, quotes,
// invoices (page and PDF) and each organization's billing mode. Payments reach
// invoices through the host's payment service (sdk::Payments).
class BillingPlugin : public sdk::Plugin, public sdk::DemoData
{
public:
    void configure(sdk::Host& host) override;
    void start(sdk::Host& host) override;
    void stop() override;
    void seedDemoData(sdk::Host& host) override;

private:
    // Price lists: the catalog's defaults, each organization's versions and its owner's
    // acceptance (src/prices/). Invoices price cases through _priceBook.
    std::unique_ptr<PriceBook> _priceBook;
    std::unique_ptr<PriceLists> _priceLists;
    std::unique_ptr<PricePages> _pricePages;
    std::unique_ptr<LabPriceListRoutes> _labPriceLists;
    std::unique_ptr<ClinicPriceListRoutes> _clinicPriceList;

    std::unique_ptr<Quotes> _quotes; // quotes for cases outside the price list

    // Invoices (src/invoices/): made in configure(), so whatever start() builds on them
    // (pages, billing modes) finds them; payments reach them from the host's events.
    std::unique_ptr<InvoiceService> _invoices;

    // Billing modes (src/modes/): each organization's mode and the jobs that make and age
    // invoices through _invoices (declared after it, so gone before it).
    std::unique_ptr<BillingModes> _modes;
    // Prepay and autopay (src/cards/): a saved card held or charged for a case's invoice.
    std::unique_ptr<CardChargesJobs> _cardCharges;

    // Disputes (src/disputes/): the host's dispute events, kept before the pages that show them.
    std::unique_ptr<Disputes> _disputes;
    std::unique_ptr<DisputeRoutes> _disputeRoutes;

    // Invoice pages and PDFs, the lab's billing dashboard (src/web/, src/pdf/): the lab's
    // header and the PDF's fonts from billing.lab.* and billing.pdf.*.
    InvoicePageSettings _pageSettings;
    std::unique_ptr<InvoiceRoutes> _invoiceRoutes;
    std::unique_ptr<BillingDashboardRoutes> _dashboardRoutes;
    std::unique_ptr<LabInvoiceActions> _labInvoiceActions; // void, drafts by hand

    // Cards (src/cards/): the organization's saved cards page, the card-on-file activation
    // requirement, refunds of payments taken online.
    std::unique_ptr<CardOnFile> _cards;
    std::unique_ptr<PaymentMethodRoutes> _paymentMethods;
    std::unique_ptr<RefundRoutes> _refunds;
};

} // namespace molar::billing
