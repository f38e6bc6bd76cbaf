#pragma once

#include "CreditsSettings.h"

#include "molar/sdk/Plugin.h"

namespace molar::credits {

class AutoTopUp;
class CaseDebits;
class CreditLedger;
class TopUps;

// What the pages and the demo share: the plugin's services, owned by CreditsPlugin and
// valid from start() to stop().
struct CreditsServices
{
    sdk::Host& host;
    const CreditsSettings& settings;
    const CreditLedger& ledger;
    CaseDebits& debits;
    TopUps& topups;
    AutoTopUp& autoTopUp;
};

} // namespace molar::credits
