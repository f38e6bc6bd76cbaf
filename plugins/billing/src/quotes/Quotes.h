#pragma once

#include "quotes/QuoteRoutes.h"
#include "quotes/QuoteService.h"

#include "molar/sdk/Plugin.h"

namespace molar::billing {

// Quotes for cases outside the price list, wired into the host: the handler that opens
// a quote when a case enters invoicing, the pages, and the lab's menu link.
class Quotes
{
public:
    explicit Quotes(sdk::Host& host) : _host(host), _service(host), _routes(host, _service) {}
    void start();

    QuoteService& service() { return _service; }

private:
    sdk::Host& _host;
    QuoteService _service;
    QuoteRoutes _routes;
};

} // namespace molar::billing
