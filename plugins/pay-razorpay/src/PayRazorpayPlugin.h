#pragma once

#include "CheckoutRoutes.h"
#include "OrderStore.h"
#include "RazorpayClient.h"
#include "RazorpayProvider.h"
#include "RazorpaySettings.h"

#include "molar/sdk/Plugin.h"

#include <memory>

namespace molar::payrazorpay {

// Razorpay: the payment provider "razorpay" (UPI, net banking, wallets and cards
// through Razorpay Checkout), its checkout page and Checkout's callback.
class PayRazorpayPlugin : public sdk::Plugin
{
public:
    void configure(sdk::Host& host) override;
    void start(sdk::Host& host) override;
    void stop() override;

private:
    RazorpaySettings _settings;
    std::unique_ptr<RazorpayClient> _client;
    std::unique_ptr<OrderStore> _orders;
    std::shared_ptr<RazorpayProvider> _provider;
    std::unique_ptr<CheckoutRoutes> _routes;
};

} // namespace molar::payrazorpay
