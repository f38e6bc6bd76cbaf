#pragma once

#include "disputes/Disputes.h"
#include "web/InvoiceRoutes.h"

#include "molar/sdk/Plugin.h"

#include <cstdint>
#include <string>

namespace molar::billing {

// /lab/billing/disputes, for the lab's admins and billing clerks (others 403): the open
// disputes first, the soonest deadline to answer first ("Respond by", in the lab's zone),
// then the closed ones, newest first; each with its invoice (a link to the lab's invoice
// page), its organization, amount, reason and state, and when it opened and closed in the
// viewer's zone.
class DisputeRoutes
{
public:
    static constexpr const char* path = "/lab/billing/disputes";
    static constexpr int listLimit = 200;

    DisputeRoutes(sdk::Host& host, Disputes& disputes, InvoiceRoutes& invoices)
        : _host(host), _disputes(disputes), _invoices(invoices)
    {
    }

    void registerRoutes(sdk::Routes& routes);

private:
    void list(sdk::Request& request, sdk::Response& response);

    sdk::Host& _host;
    Disputes& _disputes;
    InvoiceRoutes& _invoices;
};

} // namespace molar::billing
