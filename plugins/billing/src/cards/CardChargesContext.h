#pragma once

#include "invoices/InvoiceService.h"
#include "modes/BillingAccounts.h"
#include "modes/Deliveries.h"
#include "modes/DeliveryInvoicer.h"
#include "modes/LabCalendar.h"

#include "molar/sdk/Plugin.h"

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace molar::billing {

// Thrown by a card job that finds another run's provider call in flight, or an
// answer not known yet: the job queue runs it again later (backoff), when the row
// has moved on. Never a PermanentError: nothing is wrong, only early.
class CardChargeBusy : public std::runtime_error
{
public:
    explicit CardChargeBusy(const std::string& message) : std::runtime_error(message) {}
};

// What the prepay and autopay charges share: the host, the invoices, the pricing of
// a case as the delivery invoicer does it, each organization's terms and the lab's
// calendar.
struct CardChargesContext
{
    CardChargesContext(sdk::Host& host, InvoiceService& invoices, PriceLookup prices,
                       const BillingAccounts& accounts)
        : host(host), invoices(invoices), invoicer(invoices, std::move(prices)), accounts(accounts),
          calendar(host.timeZone())
    {
    }

    // A run that claimed a row and has not moved it for this long is taken for dead:
    // a live job renews its lease (60 s) long before.
    static constexpr std::int64_t kInFlightStaleMillis = 2 * 60 * 1000;

    std::int64_t now() const
    {
        return std::chrono::duration_cast<std::chrono::milliseconds>(host.clock().now().time_since_epoch())
            .count();
    }
    // An invoice the clinic pays by hand is due as on net terms: at the end of the
    // lab's day the organization's days after now.
    std::int64_t dueAt(sdk::SqlRunner& db, std::int64_t organizationId) const
    {
        return calendar.endOfDayAfter(now(), accounts.accountOf(db, organizationId).netTermsDays);
    }
    // The case of a case.* event's payload, as the delivery invoicer prices it.
    static Delivery caseOf(const sdk::Value& payload)
    {
        Delivery d;
        d.caseId = payload.getInt("caseId");
        d.organizationId = payload.getInt("organizationId");
        d.clinicId = payload.getInt("clinicId");
        d.caseNumber = payload.getString("number");
        d.product = payload.getString("product");
        d.productName = payload.getString("productName");
        return d;
    }

    sdk::Host& host;
    InvoiceService& invoices;
    DeliveryInvoicer invoicer;
    const BillingAccounts& accounts;
    LabCalendar calendar;
};

} // namespace molar::billing
