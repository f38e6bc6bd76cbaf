#pragma once

#include "CreditsSettings.h"
#include "topups/TopUp.h"

#include "molar/sdk/Plugin.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace molar::credits {

class BalanceWatcher;
class CaseDebits;
class CreditLedger;

// Packs bought through the host's payment service (purpose kind "topup", id the top-up's).
// The pack is credited once its whole price has arrived (a bank transfer may come in parts),
// exactly once whatever replays, re-syncs or crashes happen; then the held cases resume.
class TopUps
{
public:
    TopUps(sdk::Host& host, const CreditsSettings& settings, const CreditLedger& ledger, CaseDebits& debits,
           BalanceWatcher& watcher);

    struct Started
    {
        std::int64_t topupId = 0;
        std::string attemptId;
    };
    // Opens the top-up and its payment attempt (priced for the organization's discount) in
    // one transaction. CreditRefusal 400 for an unknown pack or a provider nobody offers.
    Started begin(std::int64_t organizationId, const std::string& packCode, const std::string& provider,
                  const std::string& origin, std::int64_t actorUserId);
    // The same inside the caller's transaction (an auto top-up run opens it with its claim).
    Started beginIn(sdk::Transaction& tx, std::int64_t organizationId, const std::string& packCode,
                    const std::string& provider, const std::string& origin, std::int64_t actorUserId);

    // Nothing for another organization's top-up.
    std::optional<TopUp> find(sdk::SqlRunner& db, std::int64_t topupId, std::int64_t organizationId) const;
    std::optional<TopUp> byAttempt(sdk::SqlRunner& db, const std::string& attemptId) const;
    std::vector<TopUp> recent(sdk::SqlRunner& db, std::int64_t organizationId, int limit) const;

    // Synchronous handlers of the payment service's events; purposes other than "topup" are ignored.
    void onPaymentSucceeded(sdk::Transaction& tx, const sdk::Value& payload);
    void onPaymentRefunded(sdk::Transaction& tx, const sdk::Value& payload);
    void onPaymentFailed(sdk::Transaction& tx, const sdk::Value& payload);

private:
    // The top-up a payment event of purpose "topup" names, in its currency; nothing (logged,
    // and audited for another currency: `moved` "received", `outcome` "not credited") else.
    std::optional<TopUp> topUpOfMoney(sdk::Transaction& tx, const sdk::Value& payload,
                                      const std::string& event, const std::string& moved,
                                      const std::string& outcome) const;

    sdk::Host& _host;
    const CreditsSettings& _settings;
    const CreditLedger& _ledger;
    CaseDebits& _debits;
    BalanceWatcher& _watcher;
};

} // namespace molar::credits
