#include "PayStripePlugin.h"

#include "molar/sdk/Plugin.h"

MOLAR_PLUGIN(molar::paystripe::PayStripePlugin, "pay-stripe", "1.0.0", "",
             "Card payments through Stripe: Checkout, saved cards, off-session charges, refunds, disputes")
