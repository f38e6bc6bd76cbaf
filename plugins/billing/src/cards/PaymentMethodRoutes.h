#pragma once

#include "cards/CardOnFile.h"
#include "cards/ProviderHandoff.h"
#include "web/InvoiceRoutes.h"

#include "molar/sdk/Plugin.h"

#include <cstdint>
#include <map>
#include <string>

namespace molar::billing {

// The clinic organization's saved cards, for its owner (the organization's other members
// and the lab: 403): /billing/payment-methods lists them (brand, last four, expiry, the
// default) with "Make default" and "Remove", and "Add a card" (POST) starts saving one with
// a provider that keeps methods (a choice when several), the payer sent on to the
// provider's page; the provider sends them back to /billing/payment-methods/saved?setup=,
// which asks the payment service to finish (the card shows at once, or once the provider's
// webhook came). A method of another organization is not found (404, for any of its members
// alike; the organization's other members: 403). Only brand, last four
// and expiry are ever shown; billing stores nothing of a card.
class PaymentMethodRoutes
{
public:
    static constexpr const char* path = "/billing/payment-methods";

    PaymentMethodRoutes(sdk::Host& host, InvoiceRoutes& invoices, const CardOnFile& cards)
        : _host(host), _invoices(invoices), _cards(cards), _handoff(host)
    {
    }

    void registerRoutes(sdk::Routes& routes);

private:
    using Errors = std::map<std::string, std::string>;

    void show(sdk::Request& request, sdk::Response& response, const std::string& notice = "",
              bool pending = false, const Errors& errors = {});
    void add(sdk::Request& request, sdk::Response& response);
    void saved(sdk::Request& request, sdk::Response& response);
    void makeDefault(sdk::Request& request, sdk::Response& response);
    void remove(sdk::Request& request, sdk::Response& response);

    // The caller's organization; 403 unless the caller is a clinic organization's owner.
    std::int64_t ownerOrganization(const sdk::Request& request) const;
    // The method the path names: 404 unless it is one of the caller's organization's (for
    // any of its members), then 403 unless the caller is its owner.
    std::int64_t ownMethod(const sdk::Request& request);
    // The providers that keep payment methods.
    std::vector<sdk::PaymentCapabilities> savingProviders();
    std::string t(const sdk::Request& request, const std::string& key) const;

    sdk::Host& _host;
    InvoiceRoutes& _invoices;
    const CardOnFile& _cards;
    ProviderHandoff _handoff;
};

} // namespace molar::billing
