#include "store/AlignerCaseStore.h"

#include "store/Columns.h"

namespace molar::aligners {

namespace {

const char* const kColumns =
    "case_id, case_number, organization_id, clinic_id, owner_user_id, product, status, "
    "plan_type, submitted_at, first_shipped_at, approved_at, parent_case_id, order_kind";

AlignerCase read(const sdk::ResultSet& rows, std::size_t i)
{
    AlignerCase c;
    c.caseId = intAt(rows, i, "case_id");
    c.number = textAt(rows, i, "case_number");
    c.organizationId = intAt(rows, i, "organization_id");
    c.clinicId = intAt(rows, i, "clinic_id");
    c.ownerUserId = intAt(rows, i, "owner_user_id");
    c.product = textAt(rows, i, "product");
    c.status = textAt(rows, i, "status");
    c.planType = textAt(rows, i, "plan_type");
    c.submittedAt = intAt(rows, i, "submitted_at");
    c.firstShippedAt = intAt(rows, i, "first_shipped_at");
    c.approvedAt = intAt(rows, i, "approved_at");
    c.parentCaseId = intAt(rows, i, "parent_case_id");
    c.orderKind = textAt(rows, i, "order_kind");
    return c;
}

} // namespace

void AlignerCaseStore::insertOnce(sdk::Transaction& tx, const AlignerCase& c)
{
    if (find(tx, c.caseId))
        return;
    tx.execute(
        "INSERT INTO aligner_cases (case_id, case_number, organization_id, clinic_id, owner_user_id, "
        "product, status, submitted_at, updated_at, parent_case_id, order_kind) VALUES (?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?)",
        {c.caseId, c.number, c.organizationId, c.clinicId, c.ownerUserId, c.product, c.status, c.submittedAt,
         c.submittedAt, c.parentCaseId, c.orderKind});
}

std::optional<AlignerCase> AlignerCaseStore::find(sdk::SqlRunner& db, std::int64_t caseId)
{
    const auto rows =
        db.query(std::string("SELECT ") + kColumns + " FROM aligner_cases WHERE case_id = ?", {caseId});
    if (rows.empty())
        return std::nullopt;
    return read(rows, 0);
}

std::optional<AlignerCase> AlignerCaseStore::lock(sdk::Transaction& tx, std::int64_t caseId)
{
    // SQLite's one writer at a time is the lock there: take it now with a write.
    if (tx.dialect() == sdk::Dialect::SQLite)
        tx.execute("UPDATE aligner_cases SET updated_at = updated_at WHERE case_id = ?", {caseId});
    const std::string forUpdate = tx.dialect() == sdk::Dialect::MySQL ? " FOR UPDATE" : "";
    const auto rows = tx.query(
        std::string("SELECT ") + kColumns + " FROM aligner_cases WHERE case_id = ?" + forUpdate, {caseId});
    if (rows.empty())
        return std::nullopt;
    return read(rows, 0);
}

void AlignerCaseStore::setStatus(sdk::Transaction& tx, std::int64_t caseId, const std::string& status,
                                 std::int64_t at)
{
    tx.execute("UPDATE aligner_cases SET status = ?, updated_at = ? WHERE case_id = ?", {status, at, caseId});
    if (status == "shipped")
        tx.execute(
            "UPDATE aligner_cases SET first_shipped_at = ? WHERE case_id = ? AND first_shipped_at IS NULL",
            {at, caseId});
}

void AlignerCaseStore::setApproved(sdk::Transaction& tx, std::int64_t caseId, const std::string& planType,
                                   std::int64_t at)
{
    tx.execute("UPDATE aligner_cases SET plan_type = ?, approved_at = ?, updated_at = ? WHERE case_id = ?",
               {planType, at, at, caseId});
}

} // namespace molar::aligners
