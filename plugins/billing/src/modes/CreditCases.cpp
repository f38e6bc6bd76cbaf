#include "modes/CreditCases.h"

namespace molar::billing {

namespace {

const std::string kColumns = "SELECT case_id, organization_id, case_number, invoice_id, state, entry_id, "
                             "created_at, updated_at FROM billing_credit_cases ";

std::optional<CreditCase> first(const sdk::ResultSet& rows)
{
    if (rows.empty())
        return std::nullopt;
    CreditCase c;
    c.caseId = rows.get(0, "case_id").asInt();
    c.organizationId = rows.get(0, "organization_id").asInt();
    c.caseNumber = rows.get(0, "case_number").toString();
    c.invoiceId = rows.get(0, "invoice_id").asInt();
    c.state = rows.get(0, "state").toString();
    c.entryId = rows.get(0, "entry_id").toString();
    c.createdAt = rows.get(0, "created_at").asInt();
    c.updatedAt = rows.get(0, "updated_at").asInt();
    return c;
}

} // namespace

bool CreditCases::open(sdk::Transaction& tx, const CreditCase& c)
{
    if (!tx.query("SELECT case_id FROM billing_credit_cases WHERE case_id = ?", {c.caseId}).empty())
        return false;
    tx.execute("INSERT INTO billing_credit_cases (case_id, organization_id, case_number, invoice_id, state, "
               "entry_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, '', ?, ?)",
               {c.caseId, c.organizationId, c.caseNumber, c.invoiceId, c.state, c.createdAt, c.createdAt});
    return true;
}

std::optional<CreditCase> CreditCases::find(sdk::SqlRunner& db, std::int64_t caseId)
{
    return first(db.query(kColumns + "WHERE case_id = ?", {caseId}));
}

std::optional<CreditCase> CreditCases::byInvoice(sdk::SqlRunner& db, std::int64_t invoiceId)
{
    if (invoiceId <= 0)
        return std::nullopt;
    return first(db.query(kColumns + "WHERE invoice_id = ?", {invoiceId}));
}

bool CreditCases::move(sdk::Transaction& tx, std::int64_t caseId, const std::string& from,
                       const std::string& to, std::int64_t invoiceId, const std::string& entryId,
                       std::int64_t now)
{
    return tx.execute(
               "UPDATE billing_credit_cases SET state = ?, invoice_id = ?, entry_id = ?, updated_at = ? "
               "WHERE case_id = ? AND state = ?",
               {to, invoiceId, entryId, now, caseId, from}) == 1;
}

bool CreditCases::took(sdk::SqlRunner& db, std::int64_t caseId)
{
    return !db.query("SELECT case_id FROM billing_credit_cases WHERE case_id = ? AND state <> 'unpriced'",
                     {caseId})
                .empty();
}

} // namespace molar::billing
