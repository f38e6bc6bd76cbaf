#pragma once

#include "WarrantySettings.h"
#include "service/WarrantyService.h"

#include "molar/sdk/Plugin.h"

#include <memory>

namespace molar::warranty {

// The public verify page a card's QR code opens: /verify/<case number>?code=<check code>,
// and /verify, where the number and code are typed from the card. No sign-in and nothing
// about the patient. An unknown number and a wrong code get the same answer, and look-ups
// are rate limited per client address on every host, so cases cannot be walked.
class VerifyRoutes : public std::enable_shared_from_this<VerifyRoutes>
{
public:
    VerifyRoutes(sdk::Host& host, const WarrantySettings& settings, WarrantyService& service)
        : _host(host), _settings(settings), _service(service)
    {
    }

    void registerRoutes(sdk::Routes& routes);

private:
    void form(sdk::Request& request, sdk::Response& response);
    void verify(sdk::Request& request, sdk::Response& response);

    sdk::Host& _host;
    const WarrantySettings& _settings;
    WarrantyService& _service;
};

} // namespace molar::warranty
