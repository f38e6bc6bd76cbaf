#pragma once

#include "http/Router.h"
#include "payments/PaymentService.h"

#include "molar/sdk/Clock.h"

namespace molar::host {

// POST /payments/webhooks/{provider}: a provider's servers report here. Public and
// without CSRF (the provider's signature proves the sender, which parseWebhook
// checks); bodies up to 1 MiB. A provider nobody offers (or one without webhooks)
// answers 404, a refused delivery 400 with a short reason, a recorded one 200 (a
// delivery seen before too, so the provider stops resending it).
class PaymentWebhookRoutes
{
public:
    PaymentWebhookRoutes(PaymentService& service, PaymentService::ProviderLookup providers,
                         const sdk::Clock& clock);
    void registerAll(Router& router);
    void receive(sdk::Request& request, sdk::Response& response);

private:
    PaymentService& _service;
    PaymentService::ProviderLookup _providers;
    const sdk::Clock& _clock;
};

} // namespace molar::host
