#pragma once

#include "plans/OrderService.h"
#include "plans/PlanService.h"
#include "web/Viewer.h"

#include "molar/sdk/Plugin.h"

#include <memory>

namespace molar::aligners {

// Later orders of signed-in users: /aligners/cases/<caseId>/orders (the orders placed on
// the case, and the forms the clinic may open), the form of each kind, its multipart
// post, and the orders' scans. Another organization's case or scan answers the same 404
// as an unknown one.
class OrderRoutes : public std::enable_shared_from_this<OrderRoutes>
{
public:
    OrderRoutes(sdk::Host& host, PlanService& plans, OrderService& orders)
        : _host(host), _plans(plans), _orders(orders)
    {
    }

    void registerRoutes(sdk::Routes& routes);

private:
    void list(sdk::Request& request, sdk::Response& response);
    void form(sdk::Request& request, sdk::Response& response);
    void place(sdk::Request& request, sdk::Response& response);
    void scan(sdk::Request& request, sdk::Response& response);
    void renderForm(sdk::Request& request, sdk::Response& response, const Viewer& viewer,
                    const AlignerCase& c, const OrderFormInput& typed, const OrderErrors& errors);

    sdk::Host& _host;
    PlanService& _plans;
    OrderService& _orders;
};

} // namespace molar::aligners
