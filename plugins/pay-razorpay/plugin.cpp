#include "PayRazorpayPlugin.h"

#include "molar/sdk/Plugin.h"

MOLAR_PLUGIN(molar::payrazorpay::PayRazorpayPlugin, "pay-razorpay", "1.0.0", "",
             "Razorpay payments: UPI, net banking, wallets and cards through Razorpay Checkout")
