#pragma once

#include "invoices/InvoiceService.h"
#include "modes/BillingAccounts.h"
#include "web/InvoiceRoutes.h"

#include "molar/sdk/Plugin.h"

#include <cstdint>
#include <map>
#include <string>

namespace molar::billing {

// What the lab's admins and billing clerks do to invoices by hand (other roles: 403):
// void one (POST /lab/billing/invoices/<id>/void, with a reason), and make one of their
// own: /lab/billing/invoices/new picks the organization and makes a draft, whose page
// /lab/billing/invoices/<id>/draft adds adjustments (remake credit, expedite fee, manual
// credit; the clerk types a positive amount and the kind decides the sign), removes
// lines and issues it, due in the organization's net-terms days. Refusals are shown
// beside their field with what was typed.
class LabInvoiceActions
{
public:
    static constexpr const char* newPath = "/lab/billing/invoices/new";

    LabInvoiceActions(sdk::Host& host, InvoiceService& invoices, InvoiceRoutes& pages,
                      const BillingAccounts& accounts)
        : _host(host), _invoices(invoices), _pages(pages), _accounts(accounts)
    {
    }

    void registerRoutes(sdk::Routes& routes);

private:
    using Errors = std::map<std::string, std::string>;

    void chooseForm(sdk::Request& request, sdk::Response& response, const Errors& errors = {});
    void create(sdk::Request& request, sdk::Response& response);
    void draftPage(sdk::Request& request, sdk::Response& response, const Invoice& draft,
                   const Errors& errors = {}, bool keepTyped = false);
    void showDraft(sdk::Request& request, sdk::Response& response);
    void addAdjustment(sdk::Request& request, sdk::Response& response);
    void removeLine(sdk::Request& request, sdk::Response& response);
    void issue(sdk::Request& request, sdk::Response& response);
    void voidInvoice(sdk::Request& request, sdk::Response& response);

    // A credits draft (InvoiceService::isCreditsDraft) is refused: 409 and its read-only
    // page saying why; answers whether it did.
    bool refusedAsCreditsDraft(sdk::Request& request, sdk::Response& response, const Invoice& draft);
    void refuse(sdk::Request& request, sdk::Response& response, const Invoice& draft);
    // The draft named by the path, else 404 (also for an issued or void invoice).
    Invoice draftOf(const sdk::Request& request);
    // When an invoice issued now is due: the organization's net-terms days, or at issue.
    std::int64_t dueAt(std::int64_t organizationId);
    // The currency the lab sells in: its catalog's; "" when the catalog is empty.
    std::string catalogCurrency();
    std::string t(const sdk::Request& request, const std::string& key) const;

    sdk::Host& _host;
    InvoiceService& _invoices;
    InvoiceRoutes& _pages;
    const BillingAccounts& _accounts;
};

} // namespace molar::billing
