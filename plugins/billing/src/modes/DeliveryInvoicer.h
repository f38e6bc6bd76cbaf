#pragma once

#include "invoices/InvoiceService.h"
#include "modes/Deliveries.h"

#include <cstdint>
#include <string>
#include <vector>

namespace molar::billing {

// Makes and issues one invoice for delivered cases the caller's transaction claimed
// (Deliveries::claim): an item line per case at the organization's price (or the
// price its accepted quote set), then issued with a gapless number. The card modes
// (src/cards/) price a case the same way, before it is delivered.
class DeliveryInvoicer
{
public:
    DeliveryInvoicer(InvoiceService& invoices, PriceLookup prices)
        : _invoices(invoices), _prices(std::move(prices))
    {
    }

    // The currency the case is billed in: its accepted quote's, else its price's.
    // Throws sdk::PermanentError when neither prices the case's product.
    std::string currencyOf(sdk::Transaction& tx, const Delivery& delivery) const;
    // The invoice's draft, with its lines, not issued yet (prepay holds the card for its
    // total and issues it when the case ships). Answers the draft's id.
    std::int64_t draft(sdk::Transaction& tx, const std::vector<Delivery>& deliveries,
                       const std::string& period, const std::string& currency, const std::string& what);
    // `period` "" and a single delivery make a per-case invoice (caseId set); a period
    // ("2026-05") makes the organization's roll-up. Answers the invoice's id.
    std::int64_t invoice(sdk::Transaction& tx, const std::vector<Delivery>& deliveries,
                         const std::string& period, const std::string& currency, std::int64_t dueAt,
                         const std::string& what);

private:
    InvoiceService& _invoices;
    PriceLookup _prices;
};

} // namespace molar::billing
