#pragma once

#include "invoices/InvoiceService.h"
#include "modes/Deliveries.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace molar::billing {

// The price a case is invoiced at instead of its price list's, and the line's name.
struct CasePrice
{
    ItemPrice price;
    std::string label;   // the agreed option ("TWO"), shown after the product's name; "" for a quote
    bool quoted = false; // the accepted quote's price, not an agreed one
};

// Makes and issues one invoice for delivered cases the caller's transaction claimed
// (Deliveries::claim): an item line per case at its price (casePrice: its accepted
// quote's, else the price agreed for it, else the organization's price list's), then
// issued with a gapless number. The card modes
// (src/cards/) price a case the same way, before it is delivered.
class DeliveryInvoicer
{
public:
    DeliveryInvoicer(InvoiceService& invoices, PriceLookup prices)
        : _invoices(invoices), _prices(std::move(prices))
    {
    }

    // The case's own price: its latest accepted quote's, else the one agreed for it
    // (case.priced, "Clear aligners (TWO)"); nothing when the price list prices it.
    static std::optional<CasePrice> casePrice(sdk::SqlRunner& db, const Delivery& delivery);
    // The currency the case is billed in: its own price's (casePrice), else its price list's.
    // Throws sdk::PermanentError when nothing prices the case's product.
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
