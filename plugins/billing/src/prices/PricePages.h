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
    // UTC milliseconds as "2026-05-12 09:00" in the viewer's zone (the lab's when they chose none).
    std::string time(const sdk::Request& request, std::int64_t utcMillis) const;
    std::string userName(std::int64_t userId) const;
    static std::string amount(const sdk::Money& money);
    // UTC milliseconds as "YYYY-MM-DD HH:MM" in an IANA zone (UTC for an unknown one).
    static std::string minuteInZone(std::int64_t utcMillis, const std::string& timeZone);

    // Runs `work`; a PriceRefusal becomes an HTTP error in the viewer's language.
    void guarded(const sdk::Request& request, const std::function<void()>& work) const;

private:
    sdk::Host& _host;
    PriceLists& _lists;
};

} // namespace molar::billing
