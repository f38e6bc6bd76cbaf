#pragma once

#include "OrderStore.h"
#include "RazorpayProvider.h"

#include "molar/sdk/Plugin.h"

#include <string>

namespace molar::payrazorpay {

// The payer's side of a Razorpay payment:
// - GET /payments/razorpay/checkout/{attemptId}: the page the provider's redirectUrl
//   names (clinic users of the attempt's organization, else 404): the amount and a
//   "Pay with Razorpay" button that opens Razorpay Checkout (static/checkout.js), under
//   a Content-Security-Policy that admits the configured Checkout script's origin.
// - POST /payments/razorpay/callback?attempt=…: where Checkout posts its answer. Public
//   and without a CSRF token (the payer's browser comes from Razorpay's site); believed
//   only when razorpay_signature is Checkout's signature over the order id stored for
//   the attempt and the payment id. Then the payment is captured and recorded, and the
//   payer is sent back (303) to where the attempt's checkout said to return.
class CheckoutRoutes
{
public:
    static constexpr const char* callbackPath = "/payments/razorpay/callback";

    CheckoutRoutes(sdk::Host& host, OrderStore& orders, RazorpayProvider& provider);
    void registerRoutes(sdk::Routes& routes);

    // The page's Content-Security-Policy: the portal's own, with the origins of the
    // Checkout script and of the API (Checkout's frames) admitted where Checkout needs them.
    static std::string contentSecurityPolicy(const RazorpaySettings& settings);

private:
    void checkoutPage(sdk::Request& request, sdk::Response& response);
    void callback(sdk::Request& request, sdk::Response& response);
    void refusedPage(sdk::Request& request, sdk::Response& response, const std::string& backUrl);
    std::string t(const sdk::Request& request, const std::string& key) const;

    sdk::Host& _host;
    OrderStore& _orders;
    RazorpayProvider& _provider;
};

} // namespace molar::payrazorpay
