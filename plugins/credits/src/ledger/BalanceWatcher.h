#pragma once

#include "ledger/CreditAccount.h"

#include "molar/sdk/Database.h"

namespace molar::credits {

// Told of every move of a balance, on the LOCKED account in the moving transaction: the
// auto top-up's crossings (src/autotopup/AutoTopUp).
class BalanceWatcher
{
public:
    virtual ~BalanceWatcher() = default;
    // After an entry that lowered the balance, or a case held (`caseHeld`).
    virtual void balanceFell(sdk::Transaction& tx, CreditAccount& locked, bool caseHeld) = 0;
    // After an entry that raised the balance (and the held cases it resumed).
    virtual void balanceRose(sdk::Transaction& tx, CreditAccount& locked) = 0;
};

} // namespace molar::credits
