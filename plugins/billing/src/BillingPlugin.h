#pragma once

#include "molar/sdk/Plugin.h"

namespace molar::billing {

// How the lab gets paid: price lists and the clinics' agreement to them, quotes,
// invoices (page and PDF) and each organization's billing mode. Payments reach
// invoices through the host's payment service (sdk::Payments).
class BillingPlugin : public sdk::Plugin
{
public:
    void configure(sdk::Host& host) override;
    void start(sdk::Host& host) override;
};

} // namespace molar::billing
