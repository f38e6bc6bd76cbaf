#pragma once

#include "invoices/InvoiceService.h"
#include "prices/PriceBook.h"

namespace molar::billing {

// Item lines priced by the price lists: the organization's accepted price, else the
// catalog's default, named as the catalog names the item. `book` outlives the lookup.
PriceLookup pricesFrom(const PriceBook& book);

} // namespace molar::billing
