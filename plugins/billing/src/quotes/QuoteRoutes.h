#pragma once

#include "quotes/QuoteService.h"

#include "molar/sdk/Plugin.h"

namespace molar::billing {

// The quotes' pages. The lab: /lab/billing/quotes (the open quotes) and
// /lab/billing/quotes/{id} (price and send one). Both sides: /billing/quotes/{id},
// where the clinic's owner or the case's dentist accepts or declines a sent quote.
class QuoteRoutes
{
public:
    QuoteRoutes(sdk::Host& host, QuoteService& service) : _host(host), _service(service) {}
    void registerRoutes(sdk::Routes& routes);

    static constexpr const char* labPath = "/lab/billing/quotes";

private:
    void list(sdk::Request& request, sdk::Response& response);
    void priceForm(sdk::Request& request, sdk::Response& response);
    void send(sdk::Request& request, sdk::Response& response);
    void show(sdk::Request& request, sdk::Response& response);
    void accept(sdk::Request& request, sdk::Response& response);
    void decline(sdk::Request& request, sdk::Response& response);

    // Runs `work`; a refusal naming no field becomes an error page in the viewer's language.
    void guarded(sdk::Request& request, const std::function<void()>& work);
    sdk::Value quoteData(sdk::Request& request, const Quote& quote);
    void renderPriceForm(sdk::Request& request, sdk::Response& response, const Quote& quote, sdk::Value data);
    void renderQuote(sdk::Request& request, sdk::Response& response, const Quote& quote, sdk::Value data);
    std::string t(const sdk::Request& request, const std::string& key);
    std::string productName(const sdk::Request& request, const Quote& quote);
    std::string time(const sdk::Request& request, std::int64_t at);
    // Epoch seconds as a <time datetime> value in UTC, "2026-05-12 06:05Z"; "" for 0.
    static std::string stamp(std::int64_t at);
    std::string userName(std::int64_t userId);

    sdk::Host& _host;
    QuoteService& _service;
};

} // namespace molar::billing
