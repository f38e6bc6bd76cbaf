#include "disputes/DisputeRoutes.h"

#include "disputes/DisputeWords.h"

#include <map>

namespace molar::billing {

void DisputeRoutes::registerRoutes(sdk::Routes& routes)
{
    routes.add("GET", path, sdk::Access::Lab,
               [this](sdk::Request& request, sdk::Response& response) { list(request, response); });
}

void DisputeRoutes::list(sdk::Request& request, sdk::Response& response)
{
    _invoices.requireLabBilling(request);
    const InvoiceView view = _invoices.viewFor(request);
    const auto& principal = request.principal();
    const std::string zone =
        principal && !principal->timeZone.empty() ? principal->timeZone : _host.timeZone();

    std::map<std::int64_t, std::string> organizations;
    for (const auto& organization : _host.accounts().organizations(""))
        organizations[organization.id] = organization.name;

    sdk::Value rows = sdk::Value::array();
    for (const Dispute& d : _disputes.list(_host.database(), listLimit)) {
        const auto name = organizations.find(d.organizationId);
        rows.push(sdk::Value::object({
            {"invoiceHref", d.invoiceNumber.empty()
                                ? std::string()
                                : std::string(InvoiceRoutes::labPath) + "/" + std::to_string(d.invoiceId)},
            {"invoiceNumber", d.invoiceNumber},
            {"reference", d.reference},
            {"topup", d.purposeKind == "topup"},
            {"organization", name == organizations.end() ? std::string() : name->second},
            {"amount", view.amount(d.amountMinor, d.currency)},
            {"state", view.t("billing.dispute.state." + d.state)},
            {"stateCode", d.state},
            {"openedAt", view.dateTime(d.openedAt, zone)},
            {"closedAt", view.dateTime(d.closedAt, zone)},
            {"respondBy", DisputeWords::respondBy(view, d, _host.timeZone())},
            {"reason", DisputeWords::reason(view, d)},
        }));
    }
    sdk::Value data = sdk::Value::object();
    data.set("rows", rows);
    data.set("hasRows", rows.size() > 0);
    data.set("zone", zone);
    data.set("labZone", _host.timeZone());
    data.set("dashboardHref", "/lab/billing");
    _host.views().page(request, response, "billing/disputes", "billing.dispute.title", data);
}

} // namespace molar::billing
