#include "prices/PriceBook.h"

#include "prices/PriceListStore.h"

namespace molar::billing {

std::optional<Price> PriceBook::priceFor(sdk::SqlRunner& db, std::int64_t organizationId,
                                         const std::string& productCode) const
{
    if (const auto agreed = PriceListStore::inForce(db, organizationId)) {
        const CustomPrices prices = PriceListStore::prices(db, agreed->listId, agreed->version);
        const auto found = prices.find(productCode);
        if (found != prices.end())
            return Price{found->second, PriceSource::Agreed, agreed->version};
    }
    for (const auto& item : _catalog())
        if (item.code == productCode)
            return Price{sdk::Money{item.priceMinor, item.currency}, PriceSource::Default, 0};
    return std::nullopt;
}

} // namespace molar::billing
