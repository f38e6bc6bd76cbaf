#pragma once

#include "cards/CardCharges.h"
#include "cards/CardChargesContext.h"
#include "cards/CardChargesReports.h"

#include "molar/sdk/Payments.h"

#include <cstdint>
#include <string>

namespace molar::billing {

// Prepay: the clinic's default saved card is held for the case's invoice when the
// case is submitted, charged when it ships, released when it is cancelled, and the
// hold renewed before the provider lets it lapse (Stripe: 7 days).
//
// The invoice is a draft while the card holds its total, not issued: an issued
// invoice asks the clinic to pay (its page offers every provider, the owner is told
// of it), and paying it by hand with the hold still on the card would take the money
// twice. It is issued when the case ships, after the capture, so it is issued paid.
// When no hold can be made (no default card, a decline, a card that needs its holder
// to authenticate) it is issued at once instead, due as on net terms, and left to pay
// by hand; the owner is told and the case's timeline says so. Nothing is retried
// blindly: a failure waits for people.
//
// Each step is a job that may run twice or on two hosts: it claims the case's row
// (CardCharges::move) before it calls the provider, so one run calls; a run that
// finds another's call in flight throws CardChargeBusy and comes back later.
class PrepayCharges
{
public:
    PrepayCharges(CardChargesContext& context, CardChargesReports& reports, int reauthorizeAfterHours)
        : _context(context), _reports(reports), _reauthorizeAfterHours(reauthorizeAfterHours)
    {
    }

    // case.submitted, in the submitting transaction: a case of an organization in
    // prepay then is paid by prepay, whatever its mode later.
    void recordSubmitted(sdk::Transaction& tx, const sdk::Value& payload) const;
    // case.shipped, in the shipping transaction: a shipped case's hold is not renewed.
    void recordShipped(sdk::Transaction& tx, const sdk::Value& payload) const;

    // Jobs. authorize: case.submitted (the draft invoice and the hold); capture:
    // case.shipped; cancel: case.cancelled (release the hold, void the invoice).
    void authorize(const sdk::Value& payload);
    void capture(const sdk::Value& payload);
    void cancel(const sdk::Value& payload);
    // The hourly job: renews holds made billing.prepay.reauthorizeAfterHours ago or
    // more for cases not shipped yet, and settles renewals whose answer came late.
    // Answers how many holds it renewed.
    int renewAgingHolds();

    int reauthorizeAfterHours() const { return _reauthorizeAfterHours; }

private:
    sdk::Payments& payments() { return _context.host.payments(); }
    // Claims an in-flight row left by a run that seems dead (not moved for a while):
    // true for the one run that may ask the provider again with the same attempt.
    bool takeOver(const CardCharge& charge);

    void askHold(CardCharge charge);
    void settleHold(const CardCharge& charge, sdk::PaymentState state, const std::string& failureCode);
    // No hold: the draft is issued, payable by hand, and the owner told; in tx.
    void holdFailed(sdk::Transaction& tx, CardCharge& charge, const std::string& failureCode,
                    const std::string& stage);

    // A case quoted after its hold was made is charged the accepted quote's price: the
    // draft gets an adjustment of the difference (the hold caps what the card pays; the
    // rest of a higher price is left to pay by hand).
    void priceAsQuoted(sdk::Transaction& tx, const CardCharge& charge);
    void askCapture(CardCharge charge);
    void settleCapture(const CardCharge& charge, sdk::PaymentState state, const std::string& failureCode);

    void release(CardCharge charge);

    void renew(const CardCharge& charge);
    void askRenewal(const CardCharge& charge);
    void settleRenewal(const CardCharge& charge, sdk::PaymentState state, const std::string& failureCode);

    // Asks the provider to hold the charge's amount on its card (a first hold or a
    // renewal): the attempt's state and failure code, a refusal included.
    std::pair<sdk::PaymentState, std::string> askToHold(const CardCharge& charge);
    // The attempt's state after a call that threw a refusal (an unknown or settled
    // attempt, a method removed): what the host has, else Failed with `code`.
    std::pair<sdk::PaymentState, std::string> afterRefusal(const std::string& attemptId,
                                                           const std::string& code, const std::exception& e);
    Invoice invoiceOf(sdk::SqlRunner& db, std::int64_t invoiceId);
    // Issues the invoice if it is still a draft; answers it as it now is.
    Invoice issueIfDraft(sdk::Transaction& tx, std::int64_t invoiceId, std::int64_t organizationId);

    CardChargesContext& _context;
    CardChargesReports& _reports;
    int _reauthorizeAfterHours;
};

} // namespace molar::billing
