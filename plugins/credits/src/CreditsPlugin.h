#pragma once

#include "CreditsServices.h"
#include "CreditsSettings.h"
#include "autotopup/AutoTopUp.h"
#include "debits/CaseDebits.h"
#include "ledger/CreditLedger.h"
#include "topups/TopUps.h"

#include "molar/sdk/DemoData.h"
#include "molar/sdk/Plugin.h"

#include <memory>

namespace molar::credits {

// Prepaid credits: packs bought through any payment provider, a ledger per clinic
// organization that each received case of a credits organization debits, cases held while
// the balance is short and resumed by a top-up, and auto top-up from a saved card.
class CreditsPlugin : public sdk::Plugin, public sdk::DemoData
{
public:
    void configure(sdk::Host& host) override;
    void start(sdk::Host& host) override;
    void stop() override;
    void seedDemoData(sdk::Host& host) override;

private:
    CreditsSettings _settings;
    std::unique_ptr<CreditLedger> _ledger;
    std::unique_ptr<AutoTopUp> _autoTopUp;
    std::unique_ptr<CaseDebits> _debits;
    std::unique_ptr<TopUps> _topups;
    std::unique_ptr<CreditsServices> _services;
};

} // namespace molar::credits
