#pragma once

#include "molar/sdk/Plugin.h"

namespace molar::paybank {

// Bank transfer: a payment provider ("bank") whose checkout is a unique transfer
// reference and the lab's bank details, and the billing clerk's pages that record
// transfers received, by hand or from a bank statement.
class PayBankPlugin : public sdk::Plugin
{
public:
    void configure(sdk::Host& host) override;
    void start(sdk::Host& host) override;
};

} // namespace molar::paybank
