#pragma once

#include "molar/sdk/Catalog.h"
#include "molar/sdk/Database.h"
#include "molar/sdk/Money.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace molar::billing {

// Where a price comes from: the lab's default (the catalog) or the organization's
// price list, in the version its owner accepted.
enum class PriceSource
{
    Default,
    Agreed
};

struct Price
{
    sdk::Money money;
    PriceSource source = PriceSource::Default;
    int listVersion = 0; // the accepted version the price comes from; 0 for a default price
};

// What the lab sells now: Host::catalog() in the plugin, a fixed list in tests.
using CatalogReader = std::function<std::vector<sdk::CatalogItem>()>;

// The price an organization pays for one case of a product. A custom price applies
// only from the version the organization's owner accepted; until a newer version is
// accepted, the last accepted one stays in force. Thread-safe.
class PriceBook
{
public:
    explicit PriceBook(CatalogReader catalog) : _catalog(std::move(catalog)) {}

    std::vector<sdk::CatalogItem> catalog() const { return _catalog(); }

    // The accepted custom price when the version in force names the product, else the
    // catalog's default; none when neither knows the product (a case outside the price
    // list, which needs a quote). Reads through `db`, so inside a transaction it sees
    // what that transaction sees.
    std::optional<Price> priceFor(sdk::SqlRunner& db, std::int64_t organizationId,
                                  const std::string& productCode) const;

private:
    CatalogReader _catalog;
};

} // namespace molar::billing
