#pragma once

#include "invoices/InvoiceService.h"

#include "molar/sdk/Plugin.h"

#include <cstdint>

namespace molar::billing {

// Hourly: issued and partly paid invoices whose due time has passed turn overdue
// through the invoice service, which publishes invoice.overdue. An invoice changes
// state once, so a second sweep (or a second host) publishes nothing again.
class OverdueSweep
{
public:
    OverdueSweep(sdk::Host& host, InvoiceService& invoices) : _host(host), _invoices(invoices) {}

    // Answers how many invoices this sweep turned overdue.
    int run(std::int64_t nowMillis);

private:
    sdk::Host& _host;
    InvoiceService& _invoices;
};

} // namespace molar::billing
