#include "PayRazorpayPlugin.h"

namespace molar::payrazorpay {

void PayRazorpayPlugin::configure(sdk::Host& host)
{
    _settings = readRazorpaySettings(host.config());
}

void PayRazorpayPlugin::start(sdk::Host& host)
{
    _client = std::make_unique<RazorpayClient>(_settings);
    _orders = std::make_unique<OrderStore>(host.database());
    _provider = std::make_shared<RazorpayProvider>(_settings, *_client, *_orders, host.clock(), host.logger(),
                                                   host.publicUrl());
    _routes = std::make_unique<CheckoutRoutes>(host, *_orders, *_provider);
    _routes->registerRoutes(host.routes());
    host.payments().addProvider(_provider);
    // The key id is public (the checkout page shows it); the secrets are never logged.
    host.logger().info("Razorpay " + std::string(_settings.testMode() ? "test" : "live") + " mode, key " +
                       _settings.keyId + ", API " + _settings.apiBase + ", " +
                       std::to_string(_settings.webhookSecrets.size()) + " webhook secret(s)");
    if (_settings.webhookSecrets.empty())
        host.logger().warning(
            "pay-razorpay.webhookSecrets is empty: /payments/webhooks/razorpay refuses "
            "Razorpay's webhooks, and payments are learnt from Checkout and the re-sync only");
}

void PayRazorpayPlugin::stop()
{
    // The host removed the routes before calling stop(). The provider, its client and
    // its store stay with the plugin's instance: a payment call still running holds the
    // provider, and the host keeps the library loaded while it does.
    _routes.reset();
}

} // namespace molar::payrazorpay
