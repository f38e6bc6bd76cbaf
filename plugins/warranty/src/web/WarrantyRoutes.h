#pragma once

#include "WarrantySettings.h"
#include "service/WarrantyService.h"
#include "store/Warranty.h"
#include "web/WarrantyPage.h"

#include "molar/sdk/Plugin.h"

#include <memory>

namespace molar::warranty {

class Viewer;

// The signed-in pages: /warranties (a clinic's, or every one for the lab), a warranty's
// page with its card downloads (A4 or wallet size, in a language chosen there), and the
// lab admin's voiding. A warranty another organization owns is a 404, as one that does
// not exist.
class WarrantyRoutes : public std::enable_shared_from_this<WarrantyRoutes>
{
public:
    static constexpr const char* path = "/warranties";

    WarrantyRoutes(sdk::Host& host, const WarrantySettings& settings, WarrantyService& service,
                   WarrantyPage& page)
        : _host(host), _settings(settings), _service(service), _page(page)
    {
    }

    void registerRoutes(sdk::Routes& routes);

private:
    void list(sdk::Request& request, sdk::Response& response);
    void show(sdk::Request& request, sdk::Response& response);
    void card(sdk::Request& request, sdk::Response& response);
    void voidIt(sdk::Request& request, sdk::Response& response);

    sdk::Host& _host;
    const WarrantySettings& _settings;
    WarrantyService& _service;
    WarrantyPage& _page;
};

// The warranty named by the route's "id", when the viewer may read it; 404 otherwise.
Warranty readableWarranty(sdk::Host& host, const sdk::Request& request, const Viewer& viewer);

} // namespace molar::warranty
