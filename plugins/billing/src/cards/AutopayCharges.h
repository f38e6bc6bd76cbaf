#pragma once

#include "cards/CardCharges.h"
#include "cards/CardChargesContext.h"
#include "cards/CardChargesReports.h"

#include "molar/sdk/Payments.h"

namespace molar::billing {

// Autopay: when a case ships, its invoice is issued (due as on net terms) and the
// organization's default saved card charged for it with the payer absent. The
// payment service's payment.succeeded marks the invoice paid. A failure (no default
// card, a decline, a card that needs its holder to authenticate) publishes
// invoice.autopay_failed for the owner, says so on the case's timeline and leaves the
// invoice issued, unpaid, to pay by hand; it is never retried blindly.
//
// The mode that applies is the organization's when the case ships: recorded in the
// shipping transaction, so a later change of mode changes nothing for it. A case
// shipped again (a remake) is charged once.
class AutopayCharges
{
public:
    AutopayCharges(CardChargesContext& context, CardChargesReports& reports)
        : _context(context), _reports(reports)
    {
    }

    // case.shipped, in the shipping transaction.
    void recordShipped(sdk::Transaction& tx, const sdk::Value& payload) const;
    // The job of case.shipped: issue, then charge. Runs twice or on two hosts: one charge.
    void charge(const sdk::Value& payload);

private:
    sdk::Payments& payments() { return _context.host.payments(); }
    void ask(const CardCharge& charge);
    void settle(const CardCharge& charge, sdk::PaymentState state, const std::string& failureCode);
    void failed(sdk::Transaction& tx, CardCharge& charge, const std::string& failureCode);

    CardChargesContext& _context;
    CardChargesReports& _reports;
};

} // namespace molar::billing
