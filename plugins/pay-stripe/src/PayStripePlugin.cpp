#include "PayStripePlugin.h"

#include "molar/sdk/Logger.h"

namespace molar::paystripe {

void PayStripePlugin::configure(sdk::Host& host)
{
    _settings = readStripeSettings(host.config());
}

void PayStripePlugin::start(sdk::Host& host)
{
    _customers = std::make_unique<CustomerStore>(host.database());
    _checkouts = std::make_unique<CheckoutStore>(host.database());
    _charges = std::make_unique<ChargeLog>(host.database());
    _provider =
        std::make_shared<StripeProvider>(_settings, *_customers, *_checkouts, *_charges, host.clock());
    host.payments().addProvider(_provider);
    // Which endpoint and version, never the key; a missing webhook secret is worth a warning.
    host.logger().log(sdk::LogLevel::Information,
                      "Stripe at " + _settings.apiBase + ", API version " + _settings.apiVersion + ", " +
                          std::to_string(_settings.webhookSecrets.size()) + " webhook secret(s)");
    if (_settings.webhookSecrets.empty())
        host.logger().log(
            sdk::LogLevel::Warning,
            "pay-stripe.webhookSecrets is empty: Stripe's webhooks will be refused, and payments "
            "are known only when the portal asks Stripe");
}

void PayStripePlugin::stop()
{
    // The provider and its stores stay with the plugin's instance: a payment call still
    // running holds the provider, and the host keeps the library loaded while it does.
}

} // namespace molar::paystripe
