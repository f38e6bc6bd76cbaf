#pragma once

#include "invoices/Invoice.h"

#include "molar/sdk/Payments.h"
#include "molar/sdk/Plugin.h"

#include <string>

namespace molar::billing {

// The payer back on the invoice page from a provider's hosted checkout: the invoice's
// online attempts still Pending or Unknown are asked about now (Payments::refresh), so a
// paid invoice shows paid before the provider's webhook comes; an offline one (a bank
// transfer) is waited for. And the words for the latest online attempt's failure.
class CheckoutReturn
{
public:
    // The query parameter the return and cancel addresses carry.
    static constexpr const char* kParameter = "checkout";

    explicit CheckoutReturn(sdk::Host& host) : _host(host) {}

    // Whether any attempt changed.
    bool refresh(const Invoice& invoice);
    // When the invoice's latest online attempt failed (declined, or the card needs its
    // holder): the catalog's payment.failure.<code> in `language` (the provider's words),
    // else payment.failure.generic. "" otherwise.
    std::string latestFailure(const Invoice& invoice, const std::string& language);

private:
    sdk::Host& _host;
};

} // namespace molar::billing
