#pragma once

#include "charges/CaseChargeInvoicer.h"
#include "modes/CreditsInvoicing.h"

#include "molar/sdk/Plugin.h"

namespace molar::billing {

// What other plugins tell billing about a case's price, each handled synchronously in
// the publisher's transaction (a refusal, sdk::PermanentError, rolls it back):
// - case.priced: the price agreed for the case (AgreedPrices), which its invoice charges
//   from then on unless a quote was accepted (DeliveryInvoicer::casePrice); a credits case
//   already drafted at the price list's price has the part of the agreed price above it
//   charged on its own (CreditsInvoicing::agreedPriceAbove).
// - case.charged: an extra charge on the case, invoiced once per chargeKey (CaseChargeInvoicer).
class CasePriceEvents
{
public:
    CasePriceEvents(sdk::Host& host, CaseChargeInvoicer& charges, CreditsInvoicing& credits)
        : _host(host), _charges(charges), _credits(credits)
    {
    }

    // Registers the handlers.
    void start();

    void onCasePriced(sdk::Transaction& tx, const sdk::Value& payload);
    void onCaseCharged(sdk::Transaction& tx, const sdk::Value& payload);

private:
    std::int64_t now() const;

    sdk::Host& _host;
    CaseChargeInvoicer& _charges;
    CreditsInvoicing& _credits;
};

} // namespace molar::billing
