#include "payments/PaymentWebhookRoutes.h"

#include "core/Clocks.h"
#include "http/Exchange.h"

#include <Poco/Logger.h>
#include <Poco/String.h>

#include <iterator>

namespace molar::host {

namespace {

void answer(sdk::Response& response, int status, const std::string& text)
{
    response.setStatus(status);
    response.send("text/plain; charset=utf-8", text + "\n");
}

} // namespace

PaymentWebhookRoutes::PaymentWebhookRoutes(PaymentService& service, PaymentService::ProviderLookup providers,
                                           const sdk::Clock& clock)
    : _service(service), _providers(std::move(providers)), _clock(clock)
{
}

void PaymentWebhookRoutes::registerAll(Router& router)
{
    Route route;
    route.owner = "host";
    route.method = "POST";
    route.pathTemplate = "/payments/webhooks/{provider}";
    route.access = sdk::Access::Public;
    route.handler = [this](sdk::Request& request, sdk::Response& response) { receive(request, response); };
    route.options.maxBodyBytes = 1024 * 1024;
    route.options.checkCsrf = false;
    router.add(std::move(route));
}

void PaymentWebhookRoutes::receive(sdk::Request& request, sdk::Response& response)
{
    const std::string name = request.param("provider");
    auto provider = _providers(name);
    if (!provider || !provider->capabilities().webhooks)
        return answer(response, 404, "no payment provider here takes webhooks by that name");

    sdk::WebhookDelivery delivery;
    // The signature covers the bytes as sent, so the body is read raw.
    std::istream& in = request.body();
    delivery.body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (auto* http = dynamic_cast<HttpRequest*>(&request))
        for (const auto& [header, value] : http->poco())
            delivery.headers[Poco::toLower(header)] = value;
    delivery.receivedAtMillis = millisSinceEpoch(_clock.now());

    std::vector<sdk::PaymentEvent> events;
    try {
        events = provider->parseWebhook(delivery);
    } catch (const sdk::WebhookRefused& e) {
        std::string reason = e.what();
        if (reason.size() > 200)
            reason = reason.substr(0, 200);
        Poco::Logger::get("payments")
            .warning("webhook of " + name + " from " + request.clientAddress() + " refused: " + reason);
        return answer(response, 400, "refused: " + reason);
    } catch (const sdk::PaymentUnsupported&) {
        return answer(response, 404, "no payment provider here takes webhooks by that name");
    }
    int recorded = 0;
    for (const auto& event : events) {
        if (event.providerEventId.empty()) {
            Poco::Logger::get("payments")
                .warning("webhook of " + name + " gave an event without its id; skipped");
            continue;
        }
        if (_service.record(name, event))
            ++recorded;
    }
    answer(response, 200,
           "recorded " + std::to_string(recorded) + " of " + std::to_string(events.size()) + " event(s)");
}

} // namespace molar::host
