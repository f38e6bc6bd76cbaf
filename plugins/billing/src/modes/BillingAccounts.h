#pragma once

#include "molar/sdk/Audit.h"
#include "molar/sdk/Database.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace molar::billing {

// How an organization pays the lab. net_terms: an invoice per delivered case, due
// in N days; monthly: one invoice per month for the month's delivered cases;
// prepay: the default saved card held at submission and charged when the case ships;
// autopay: the default saved card charged when the case ships (both src/cards/, which
// make their own invoices: delivery invoices none for their cases); credits: each case
// drafted at submission and paid from the organization's prepaid balance by the
// credits plugin (CreditsInvoicing; delivery invoices none of those cases either).
struct BillingAccount
{
    std::int64_t organizationId = 0;
    std::string mode = "net_terms";
    int netTermsDays = 30;
    std::int64_t updatedBy = 0; // 0: never set, the defaults apply
    std::int64_t updatedAt = 0; // epoch milliseconds, UTC
};

// billing_accounts: each organization's billing mode. An organization without a row
// is on net terms with the configured days.
class BillingAccounts
{
public:
    static const std::vector<std::string>& modes();
    static bool isMode(const std::string& mode);
    static constexpr int kMaxNetTermsDays = 365;

    explicit BillingAccounts(int defaultNetTermsDays) : _defaultNetTermsDays(defaultNetTermsDays) {}

    int defaultNetTermsDays() const { return _defaultNetTermsDays; }
    // The organization's account, the defaults when none was set.
    BillingAccount accountOf(sdk::SqlRunner& db, std::int64_t organizationId) const;
    // The organization's mode ("net_terms" when none was set): what its owner may be
    // shown beside its invoices, and what decides how its delivered cases are billed.
    static std::string modeOf(sdk::SqlRunner& db, std::int64_t organizationId);
    // Every account that was set, by organization id.
    std::map<std::int64_t, BillingAccount> all(sdk::SqlRunner& db) const;
    // Sets mode and days (checked by the caller) and audits the change.
    void set(sdk::Transaction& tx, sdk::Audit& audit, const sdk::Actor& actor,
             const BillingAccount& account) const;

private:
    BillingAccount fromRow(const sdk::ResultSet& rows, std::size_t row) const;

    int _defaultNetTermsDays;
};

} // namespace molar::billing
