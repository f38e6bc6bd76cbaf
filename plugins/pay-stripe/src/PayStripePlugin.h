#pragma once

#include "ChargeLog.h"
#include "CheckoutStore.h"
#include "CustomerStore.h"
#include "StripeProvider.h"
#include "StripeSettings.h"

#include "molar/sdk/Plugin.h"

#include <memory>

namespace molar::paystripe {

// Cards through Stripe: offers the payment provider "stripe". The host serves its
// webhook at /payments/webhooks/stripe; the pages that use it are billing's.
class PayStripePlugin : public sdk::Plugin
{
public:
    void configure(sdk::Host& host) override;
    void start(sdk::Host& host) override;
    void stop() override;

private:
    StripeSettings _settings;
    std::unique_ptr<CustomerStore> _customers;
    std::unique_ptr<CheckoutStore> _checkouts;
    std::unique_ptr<ChargeLog> _charges;
    std::shared_ptr<StripeProvider> _provider;
};

} // namespace molar::paystripe
