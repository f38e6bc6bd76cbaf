#include "invoices/InvoiceSettings.h"

namespace molar::billing {

InvoiceSettings InvoiceSettings::read(sdk::Config& config)
{
    InvoiceSettings settings;
    settings.taxRateBasisPoints = config.getInt("taxRateBasisPoints", 0, 0, 10000);
    return settings;
}

} // namespace molar::billing
