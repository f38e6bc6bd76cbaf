#include "store/ExpiryStore.h"

#include "store/Columns.h"

namespace molar::aligners {

std::vector<std::int64_t> ExpiryStore::remindable(sdk::SqlRunner& db)
{
    const auto rows =
        db.query("SELECT case_id FROM aligner_cases WHERE plan_type <> '' AND first_shipped_at IS "
                 "NOT NULL AND expiry_reminded IN ('none', 'bold') ORDER BY case_id");
    std::vector<std::int64_t> ids;
    for (std::size_t i = 0; i < rows.size(); ++i)
        ids.push_back(intAt(rows, i, "case_id"));
    return ids;
}

std::string ExpiryStore::reminded(sdk::SqlRunner& db, std::int64_t caseId)
{
    const auto rows = db.query("SELECT expiry_reminded FROM aligner_cases WHERE case_id = ?", {caseId});
    return rows.empty() ? std::string("none") : textAt(rows, 0, "expiry_reminded");
}

bool ExpiryStore::markReminded(sdk::Transaction& tx, std::int64_t caseId, const std::string& from,
                               const std::string& to)
{
    return tx.execute(
               "UPDATE aligner_cases SET expiry_reminded = ? WHERE case_id = ? AND expiry_reminded = ? "
               "AND expiry_reminded <> ?",
               {to, caseId, from, to}) == 1;
}

void ExpiryStore::setPlanType(sdk::Transaction& tx, std::int64_t caseId, const std::string& planType,
                              const std::string& reminded, std::int64_t at)
{
    tx.execute(
        "UPDATE aligner_cases SET plan_type = ?, expiry_reminded = ?, updated_at = ? WHERE case_id = ?",
        {planType, reminded, at, caseId});
}

void ExpiryStore::insertUpgrade(sdk::Transaction& tx, const PlanUpgrade& upgrade)
{
    tx.insert("INSERT INTO aligner_upgrades (case_id, from_type, to_type, fee_minor, currency, upgraded_by, "
              "upgraded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
              {upgrade.caseId, upgrade.fromType, upgrade.toType, upgrade.feeMinor, upgrade.currency,
               upgrade.upgradedBy, upgrade.upgradedAt});
}

std::vector<PlanUpgrade> ExpiryStore::upgradesOf(sdk::SqlRunner& db, std::int64_t caseId)
{
    const auto rows =
        db.query("SELECT case_id, from_type, to_type, fee_minor, currency, upgraded_by, upgraded_at "
                 "FROM aligner_upgrades WHERE case_id = ? ORDER BY upgraded_at, id",
                 {caseId});
    std::vector<PlanUpgrade> out;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        PlanUpgrade u;
        u.caseId = intAt(rows, i, "case_id");
        u.fromType = textAt(rows, i, "from_type");
        u.toType = textAt(rows, i, "to_type");
        u.feeMinor = intAt(rows, i, "fee_minor");
        u.currency = textAt(rows, i, "currency");
        u.upgradedBy = intAt(rows, i, "upgraded_by");
        u.upgradedAt = intAt(rows, i, "upgraded_at");
        out.push_back(u);
    }
    return out;
}

} // namespace molar::aligners
