#pragma once

#include "disputes/Disputes.h"
#include "web/InvoiceRoutes.h"

#include "molar/sdk/Plugin.h"

#include <cstdint>
#include <map>
#include <string>

namespace molar::billing {

// Sums of money by currency: an invoice list may mix currencies, which never add up.
using AmountsByCurrency = std::map<std::string, std::int64_t>;

// What the lab's billing dashboard counts, from the invoices and the payments applied
// to them.
struct BillingFigures
{
    std::int64_t openCount = 0; // issued, partly paid or overdue
    AmountsByCurrency openOwed; // what is still owed on them
    std::int64_t overdueCount = 0;
    AmountsByCurrency overdueOwed;
    AmountsByCurrency paidInMonth; // payments received in the month [monthStart, monthEnd)
    std::int64_t paymentsInMonth = 0;

    static BillingFigures read(sdk::SqlRunner& db, std::int64_t monthStart, std::int64_t monthEnd);
};

// The lab's billing dashboard, /lab/billing (admins and billing clerks): open invoices
// and what they owe, overdue ones, money received this month (the lab's month, in
// portal.timeZone), disputes still open with the soonest deadlines to answer them, with
// links to the lists.
class BillingDashboardRoutes
{
public:
    static constexpr const char* path = "/lab/billing";
    static constexpr int kDeadlinesShown = 5;

    BillingDashboardRoutes(sdk::Host& host, InvoiceRoutes& invoices, Disputes& disputes)
        : _host(host), _invoices(invoices), _disputes(disputes)
    {
    }

    void registerRoutes(sdk::Routes& routes);

    // The local month containing `utcMillis` in an IANA zone, as epoch milliseconds [start, end).
    static std::pair<std::int64_t, std::int64_t> monthAround(std::int64_t utcMillis,
                                                             const std::string& timeZone);

private:
    void show(sdk::Request& request, sdk::Response& response);

    sdk::Host& _host;
    InvoiceRoutes& _invoices;
    Disputes& _disputes;
};

} // namespace molar::billing
