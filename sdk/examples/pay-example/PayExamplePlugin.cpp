#include "PayExamplePlugin.h"

using namespace molar::sdk;

void PayExamplePlugin::configure(Host& host)
{
    Config& config = host.config();
    _secret = config.getString("webhookSecret", "");
    if (_secret.size() < 16)
        throw ConfigError("webhookSecret", _secret.empty() ? "" : "(hidden)",
                          "the gateway's webhook secret, 16 characters or more");
    _toleranceMillis = config.getInt("toleranceSeconds", 300, 10, 3600) * 1000;
    _sandboxControls = config.getBool("sandboxControls", false);
}

void PayExamplePlugin::start(Host& host)
{
    _gateway = std::make_shared<SimulatedGateway>();
    host.payments().addProvider(std::make_shared<ExampleProvider>(_gateway, _secret, _toleranceMillis));
    if (_sandboxControls) {
        addSandboxControls(host.routes());
        host.logger().warning("pay-example: the sandbox's controls are on at /pay-example/sandbox/");
    }
}

void PayExamplePlugin::addSandboxControls(Routes& routes)
{
    // Callers are tests, without a session or a form: no CSRF token to check.
    RouteOptions options;
    options.checkCsrf = false;
    options.maxBodyBytes = 1024;
    auto gateway = _gateway;
    routes.add(
        "POST", "/pay-example/sandbox/payments/{id}/complete", Access::Public,
        [gateway](Request& request, Response& response) {
            if (!gateway->payerCompletes(request.param("id")))
                throw HttpError(404, "No open checkout or setup has this id.");
            response.setStatus(204);
            response.send("text/plain; charset=utf-8", "");
        },
        options);
    routes.add(
        "POST", "/pay-example/sandbox/lose-next-answer", Access::Public,
        [gateway](Request&, Response& response) {
            gateway->loseNextAnswer();
            response.setStatus(204);
            response.send("text/plain; charset=utf-8", "");
        },
        options);
    routes.add(
        "GET", "/pay-example/sandbox/money-moves/{key}", Access::Public,
        [gateway](Request& request, Response& response) {
            response.send("text/plain; charset=utf-8",
                          std::to_string(gateway->moneyMoves(request.param("key"))));
        },
        options);
}
