#pragma once

#include "molar/sdk/Config.h"

#include <cstdint>

namespace molar::billing {

// The invoices' settings from the billing subtree.
struct InvoiceSettings
{
    std::int64_t taxRateBasisPoints = 0; // billing.taxRateBasisPoints: 0..10000 (500 = 5 %)

    // Throws sdk::ConfigError naming billing.taxRateBasisPoints for a value out of range.
    static InvoiceSettings read(sdk::Config& config);
};

} // namespace molar::billing
