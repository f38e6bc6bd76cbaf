#include "modes/BillingAccounts.h"

#include <algorithm>

namespace molar::billing {

const std::vector<std::string>& BillingAccounts::modes()
{
    static const std::vector<std::string> all{"net_terms", "monthly", "credits", "prepay", "autopay"};
    return all;
}

bool BillingAccounts::isMode(const std::string& mode)
{
    const auto& all = modes();
    return std::find(all.begin(), all.end(), mode) != all.end();
}

BillingAccount BillingAccounts::fromRow(const sdk::ResultSet& rows, std::size_t row) const
{
    BillingAccount account;
    account.organizationId = rows.get(row, "organization_id").asInt();
    account.mode = rows.get(row, "mode").toString();
    account.netTermsDays = static_cast<int>(rows.get(row, "net_terms_days").asInt());
    account.updatedBy = rows.get(row, "updated_by").asInt();
    account.updatedAt = rows.get(row, "updated_at").asInt();
    return account;
}

BillingAccount BillingAccounts::accountOf(sdk::SqlRunner& db, std::int64_t organizationId) const
{
    auto rows = db.query("SELECT organization_id, mode, net_terms_days, updated_by, updated_at FROM "
                         "billing_accounts WHERE organization_id = ?",
                         {organizationId});
    if (rows.empty()) {
        BillingAccount account;
        account.organizationId = organizationId;
        account.netTermsDays = _defaultNetTermsDays;
        return account;
    }
    return fromRow(rows, 0);
}

std::string BillingAccounts::modeOf(sdk::SqlRunner& db, std::int64_t organizationId)
{
    auto rows = db.query("SELECT mode FROM billing_accounts WHERE organization_id = ?", {organizationId});
    return rows.empty() ? std::string("net_terms") : rows.get(0, "mode").toString();
}

std::map<std::int64_t, BillingAccount> BillingAccounts::all(sdk::SqlRunner& db) const
{
    auto rows = db.query("SELECT organization_id, mode, net_terms_days, updated_by, updated_at FROM "
                         "billing_accounts");
    std::map<std::int64_t, BillingAccount> out;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        BillingAccount account = fromRow(rows, r);
        out.emplace(account.organizationId, account);
    }
    return out;
}

void BillingAccounts::set(sdk::Transaction& tx, sdk::Audit& audit, const sdk::Actor& actor,
                          const BillingAccount& account) const
{
    const BillingAccount before = accountOf(tx, account.organizationId);
    const sdk::Params values{account.mode, account.netTermsDays, account.updatedBy, account.updatedAt,
                             account.organizationId};
    if (tx.execute("UPDATE billing_accounts SET mode = ?, net_terms_days = ?, updated_by = ?, updated_at = ? "
                   "WHERE organization_id = ?",
                   values) == 0)
        tx.execute(
            "INSERT INTO billing_accounts (mode, net_terms_days, updated_by, updated_at, organization_id) "
            "VALUES (?, ?, ?, ?, ?)",
            values);
    audit.record(tx, actor,
                 {"billing.mode_changed", "organization", std::to_string(account.organizationId),
                  account.organizationId,
                  before.mode + " (" + std::to_string(before.netTermsDays) + " days) -> " + account.mode +
                      " (" + std::to_string(account.netTermsDays) + " days)"});
}

} // namespace molar::billing
