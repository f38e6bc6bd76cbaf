#include "web/BillingDashboardRoutes.h"

#include "disputes/DisputeWords.h"

#include <date/tz.h>

#include <chrono>

namespace molar::billing {

namespace {

void addTo(AmountsByCurrency& sums, const sdk::ResultSet& rows, std::int64_t* count)
{
    for (std::size_t r = 0; r < rows.size(); ++r) {
        // SUM and COUNT come back as text or decimals on some drivers; asInt reads both.
        sums[rows.get(r, "currency").asString()] += rows.get(r, "owed").asInt();
        if (count)
            *count += rows.get(r, "n").asInt();
    }
}

sdk::Value amounts(const InvoiceView& view, const AmountsByCurrency& sums)
{
    sdk::Value out = sdk::Value::array();
    for (const auto& [currency, minor] : sums)
        out.push(view.amount(minor, currency));
    return out;
}

} // namespace

BillingFigures BillingFigures::read(sdk::SqlRunner& db, std::int64_t monthStart, std::int64_t monthEnd)
{
    BillingFigures figures;
    addTo(figures.openOwed,
          db.query(
              "SELECT currency, COUNT(*) AS n, SUM(total_minor - paid_minor) AS owed FROM billing_invoices "
              "WHERE state IN ('issued', 'partly_paid', 'overdue') GROUP BY currency"),
          &figures.openCount);
    addTo(figures.overdueOwed,
          db.query(
              "SELECT currency, COUNT(*) AS n, SUM(total_minor - paid_minor) AS owed FROM billing_invoices "
              "WHERE state = 'overdue' GROUP BY currency"),
          &figures.overdueCount);
    addTo(figures.paidInMonth,
          db.query("SELECT currency, COUNT(*) AS n, SUM(amount_minor) AS owed FROM billing_invoice_payments "
                   "WHERE kind = 'payment' AND recorded_at >= ? AND recorded_at < ? GROUP BY currency",
                   {monthStart, monthEnd}),
          &figures.paymentsInMonth);
    return figures;
}

std::pair<std::int64_t, std::int64_t> BillingDashboardRoutes::monthAround(std::int64_t utcMillis,
                                                                          const std::string& timeZone)
{
    using namespace std::chrono;
    const date::time_zone* zone = nullptr;
    try {
        zone = date::locate_zone(timeZone.empty() ? "UTC" : timeZone);
    } catch (const std::exception&) {
        zone = date::locate_zone("UTC");
    }
    const auto local = zone->to_local(date::sys_time<milliseconds>{milliseconds{utcMillis}});
    const date::year_month_day day{date::floor<date::days>(local)};
    const date::year_month month = day.year() / day.month();
    const auto first = date::local_days{month / 1};
    const auto next = date::local_days{(month + date::months{1}) / 1};
    // Midnight that a clock change skips or repeats: the earliest instant of the day.
    const auto start = zone->to_sys(first, date::choose::earliest);
    const auto end = zone->to_sys(next, date::choose::earliest);
    return {duration_cast<milliseconds>(start.time_since_epoch()).count(),
            duration_cast<milliseconds>(end.time_since_epoch()).count()};
}

void BillingDashboardRoutes::registerRoutes(sdk::Routes& routes)
{
    routes.add("GET", path, sdk::Access::Lab,
               [this](sdk::Request& request, sdk::Response& response) { show(request, response); });
}

void BillingDashboardRoutes::show(sdk::Request& request, sdk::Response& response)
{
    _invoices.requireLabBilling(request);
    const auto now =
        std::chrono::duration_cast<std::chrono::milliseconds>(_host.clock().now().time_since_epoch()).count();
    const auto [monthStart, monthEnd] = monthAround(now, _host.timeZone());
    const BillingFigures figures = BillingFigures::read(_host.database(), monthStart, monthEnd);
    const InvoiceView view = _invoices.viewFor(request);

    const std::string list = InvoiceRoutes::labPath;
    sdk::Value data = sdk::Value::object();
    data.set("openCount", std::to_string(figures.openCount));
    data.set("openOwed", amounts(view, figures.openOwed));
    data.set("overdueCount", std::to_string(figures.overdueCount));
    data.set("overdueOwed", amounts(view, figures.overdueOwed));
    data.set("hasOverdue", figures.overdueCount > 0);
    data.set("paidInMonth", amounts(view, figures.paidInMonth));
    data.set("hasPaidInMonth", figures.paymentsInMonth > 0);
    data.set("paymentsInMonth", std::to_string(figures.paymentsInMonth));
    const std::string monthStamp = InvoiceView::dayInZone(monthStart, _host.timeZone()).substr(0, 7);
    data.set("monthStamp", monthStamp);
    data.set("month", _host.locales().month(std::stoi(monthStamp.substr(0, 4)),
                                            std::stoi(monthStamp.substr(5, 2)), request.language()));
    data.set("allHref", list);
    data.set("openHref", list + "?state=issued");
    data.set("overdueHref", list + "?state=overdue");
    data.set("paidHref", list + "?state=paid");
    const OpenDisputes disputes = _disputes.open(_host.database());
    data.set("disputesOpen", std::to_string(disputes.count));
    data.set("disputedAmounts", amounts(view, disputes.amounts));
    data.set("disputesHref", std::string(path) + "/disputes");
    // The open disputes to answer, the soonest deadline first (the lab's zone).
    sdk::Value due = sdk::Value::array();
    for (const Dispute& d : _disputes.openByDeadline(_host.database(), kDeadlinesShown)) {
        const std::string invoiceHref =
            d.invoiceNumber.empty() ? std::string()
                                    : std::string(InvoiceRoutes::labPath) + "/" + std::to_string(d.invoiceId);
        due.push(sdk::Value::object({{"invoiceHref", invoiceHref},
                                     {"label", d.invoiceNumber.empty() ? d.reference : d.invoiceNumber},
                                     {"amount", view.amount(d.amountMinor, d.currency)},
                                     {"respondBy", DisputeWords::respondBy(view, d, _host.timeZone())},
                                     {"reason", DisputeWords::reason(view, d)}}));
    }
    data.set("disputeDeadlines", due);
    data.set("hasDisputeDeadlines", due.size() > 0);
    _host.views().page(request, response, "billing/billing-dashboard", "billing.page.dashboard.title", data);
}

} // namespace molar::billing
