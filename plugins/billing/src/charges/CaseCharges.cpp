#include "charges/CaseCharges.h"

#include "molar/sdk/Errors.h"

namespace molar::billing {

bool CaseCharges::claim(sdk::Transaction& tx, const std::string& key, std::int64_t caseId,
                        const sdk::Money& amount, std::int64_t at)
{
    if (!tx.query("SELECT charge_key FROM billing_case_charges WHERE charge_key = ?", {key}).empty())
        return false;
    try {
        tx.execute(
            "INSERT INTO billing_case_charges (charge_key, case_id, invoice_id, amount_minor, currency, "
            "at) VALUES (?, ?, 0, ?, ?, ?)",
            {key, caseId, amount.minor, amount.currency, at});
    } catch (const sdk::DatabaseError& e) {
        if (!e.isConflict())
            throw;
        return false; // another transaction charged it and committed meanwhile
    }
    return true;
}

void CaseCharges::attach(sdk::Transaction& tx, const std::string& key, std::int64_t invoiceId)
{
    tx.execute("UPDATE billing_case_charges SET invoice_id = ? WHERE charge_key = ?", {invoiceId, key});
}

std::int64_t CaseCharges::invoiceOf(sdk::SqlRunner& db, const std::string& key)
{
    auto rows = db.query("SELECT invoice_id FROM billing_case_charges WHERE charge_key = ?", {key});
    return rows.empty() ? 0 : rows.get(0, "invoice_id").asInt();
}

} // namespace molar::billing
