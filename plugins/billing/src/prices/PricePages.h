#pragma once

#include "prices/PriceLists.h"

#include "molar/sdk/Catalog.h"
#include "molar/sdk/Plugin.h"

#include <functional>
#include <string>

namespace molar::billing {

// What the price-list pages share: the viewer's words and time zone, names of
// catalog items and users, amounts with the currency's own digits.
class PricePages
{
public:
    PricePages(sdk::Host& host, PriceLists& lists) : _host(host), _lists(lists) {}

    sdk::Host& host() { return _host; }
    PriceLists& lists() { return _lists; }

    std::string t(const sdk::Request& request, const std::string& key) const;
    // "{name}" in a message replaced by each value in turn.
    std::string t(const sdk::Request& request, const std::string& key,
                  const std::vector<std::pair<std::string, std::string>>& values) const;
    // The item's name in the viewer's language where the catalog owner's messages have
    // it (cases.productName.<code>), else as configured.
    std::string itemName(const sdk::Request& request, const sdk::CatalogItem& item) const;
    // An instant in the viewer's language and zone (the lab's when they chose none).
    std::string time(const sdk::Request& request, std::int64_t utcMillis) const;
    // An amount to read, in the viewer's language ("QAR 450.00", "‏٤٥٠٫٠٠ ر.ق.‏").
    std::string money(const sdk::Request& request, const sdk::Money& amount) const;
    std::string userName(std::int64_t userId) const;
    // An amount as a form field holds it: "450.00", the currency's minor digits, no grouping.
    static std::string amount(const sdk::Money& money);

    // Runs `work`; a PriceRefusal becomes an HTTP error in the viewer's language.
    void guarded(const sdk::Request& request, const std::function<void()>& work) const;

private:
    sdk::Host& _host;
    PriceLists& _lists;
};

} // namespace molar::billing
