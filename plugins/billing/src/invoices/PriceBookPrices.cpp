#include "invoices/PriceBookPrices.h"

namespace molar::billing {

PriceLookup pricesFrom(const PriceBook& book)
{
    return [&book](sdk::SqlRunner& db, std::int64_t organizationId,
                   const std::string& itemCode) -> std::optional<ItemPrice> {
        auto price = book.priceFor(db, organizationId, itemCode);
        if (!price)
            return std::nullopt;
        ItemPrice out{price->money.minor, price->money.currency, itemCode};
        for (const auto& item : book.catalog())
            if (item.code == itemCode) {
                out.name = item.name;
                break;
            }
        return out;
    };
}

} // namespace molar::billing
