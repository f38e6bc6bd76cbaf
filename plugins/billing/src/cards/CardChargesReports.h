#pragma once

#include "cards/CardCharges.h"
#include "cards/CardChargesContext.h"

#include "molar/sdk/Payments.h"

#include <cstdint>
#include <string>

namespace molar::billing {

// What the card modes tell: a case.activity on the case's timeline for each hold,
// renewal, release and failure (catalog keys billing.card.activity.*, so each
// reader gets their language), and for a failure the event that notifies the
// organization's owner: invoice.prepay_failed (a hold not made, not renewed, not
// captured) or invoice.autopay_failed. All in the caller's transaction.
class CardChargesReports
{
public:
    explicit CardChargesReports(CardChargesContext& context) : _context(context) {}

    // A timeline entry on the charge's case: `what` is the end of billing.card.activity.<what>;
    // its {{amount}} is written in each reader's form.
    void timeline(sdk::Transaction& tx, const CardCharge& charge, const std::string& what,
                  const sdk::Money& amount, const Invoice* invoice = nullptr);
    // A failure: `stage` is "hold", "renewal", "capture" (prepay) or "charge" (autopay).
    // The event carries the invoice's fields (invoice.issued's), the case, the
    // provider's failureCode and paymentFailure, the code whose words the catalogs
    // have (payment.failure.<paymentFailure>, else "generic"), and the timeline says it.
    void failed(sdk::Transaction& tx, const CardCharge& charge, const Invoice& invoice,
                const std::string& stage);

    // The code a failure is reported under: the provider's, else one for its state
    // (authentication_required for RequiresAction).
    static std::string failureCodeOf(sdk::PaymentState state, const std::string& failureCode);
    // The code whose words a catalog has: failureCode, else "generic".
    std::string wordedFailure(const std::string& failureCode);

private:
    CardChargesContext& _context;
};

} // namespace molar::billing
