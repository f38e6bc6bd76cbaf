#pragma once

#include "prices/PriceListStore.h"

#include "molar/sdk/Catalog.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace molar::billing {

// The lab's price-list form read without HTTP: one field per catalog item,
// `price-<code>`, a decimal amount in the item's currency or blank for the default.
struct PriceForm
{
    CustomPrices prices;                       // the valid custom prices
    std::map<std::string, std::string> typed;  // code -> the text as typed, to show again
    std::map<std::string, std::string> errors; // code -> catalog key of what is wrong

    bool ok() const { return errors.empty(); }

    static std::string fieldName(const std::string& code) { return "price-" + code; }
    // Reads every item's field through `field` (the form's value of a name, "" when absent).
    static PriceForm read(const std::vector<sdk::CatalogItem>& catalog,
                          const std::function<std::string(const std::string&)>& field);
};

// Longest text a price field takes: "9,999,999,999.999" and some spaces.
constexpr std::size_t maxPriceCharacters = 32;

} // namespace molar::billing
