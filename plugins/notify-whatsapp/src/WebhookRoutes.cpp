#include "WebhookRoutes.h"

#include <iterator>

namespace molar::whatsapp {

namespace {

const char* const path = "/webhooks/whatsapp";

void answer(sdk::Response& response, const WebhookAnswer& a)
{
    response.setStatus(a.status);
    response.send("text/plain; charset=utf-8", a.body);
}

} // namespace

void addWebhookRoutes(sdk::Routes& routes, std::shared_ptr<const StatusWebhook> webhook, sdk::Logger& logger)
{
    routes.add("GET", path, sdk::Access::Public, [webhook](sdk::Request& request, sdk::Response& response) {
        answer(response, webhook->verify(request.query("hub.mode"), request.query("hub.verify_token"),
                                         request.query("hub.challenge")));
    });

    sdk::RouteOptions options;
    options.maxBodyBytes = 1024 * 1024;
    options.checkCsrf = false;
    routes.add(
        "POST", path, sdk::Access::Public,
        [webhook, &logger](sdk::Request& request, sdk::Response& response) {
            // The signature covers the bytes as sent, so the body is read raw.
            std::istream& in = request.body();
            const std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            const WebhookAnswer a = webhook->receive(request.header("X-Hub-Signature-256"), body);
            if (a.status == 401)
                logger.warning("webhook POST from " + request.clientAddress() + " refused: " + a.body);
            answer(response, a);
        },
        options);
}

} // namespace molar::whatsapp
