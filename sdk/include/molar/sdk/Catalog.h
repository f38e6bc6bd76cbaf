#pragma once

#include "molar/sdk/Export.h"

#include <cstdint>
#include <string>
#include <vector>

namespace molar::sdk {

// One thing the lab sells, with its default price (since SDK 1.6).
struct CatalogItem
{
    std::string code;            // "zirconia_crown"
    std::string name;            // as configured: "Zirconia crown"
    std::string family;          // "restorative", "aligner", ...
    std::int64_t priceMinor = 0; // the lab's default price, in minor units of currency
    std::string currency;        // ISO 4217, upper case
    int warrantyMonths = 0;
};

// Implemented by a plugin (besides Plugin) that owns what the lab sells (since SDK 1.6):
//
//     class CasesPlugin : public Plugin, public CatalogSource { ... };
//
// Host::catalog() gathers the items of every started plugin that implements it, for
// the plugins that price work (billing). catalogItems() runs on request threads and
// must be quick and thread-safe.
//
// Ownership: the plugin instance owns it (the host finds it with dynamic_cast).
class MOLAR_SDK_API CatalogSource
{
public:
    virtual ~CatalogSource();
    CatalogSource() = default;
    CatalogSource(const CatalogSource&) = delete; // interfaces are never copied or moved
    CatalogSource& operator=(const CatalogSource&) = delete;
    virtual std::vector<CatalogItem> catalogItems() = 0;
};

} // namespace molar::sdk
