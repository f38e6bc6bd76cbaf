#include "store/RequestStore.h"

#include "store/Columns.h"

namespace molar::nps {

namespace {

const char* const kColumns =
    "id, case_id, case_number, organization_id, owner_user_id, product, product_name, "
    "technician_id, requested_at, expires_at, answered_at";

FeedbackRequest read(const sdk::ResultSet& rows, std::size_t i)
{
    FeedbackRequest r;
    r.id = intAt(rows, i, "id");
    r.caseId = intAt(rows, i, "case_id");
    r.caseNumber = textAt(rows, i, "case_number");
    r.organizationId = intAt(rows, i, "organization_id");
    r.ownerUserId = intAt(rows, i, "owner_user_id");
    r.product = textAt(rows, i, "product");
    r.productName = textAt(rows, i, "product_name");
    r.technicianId = intAt(rows, i, "technician_id");
    r.requestedAt = intAt(rows, i, "requested_at");
    r.expiresAt = intAt(rows, i, "expires_at");
    r.answeredAt = intAt(rows, i, "answered_at");
    return r;
}

std::optional<FeedbackRequest> one(sdk::SqlRunner& db, const std::string& where, const sdk::Params& params)
{
    const auto rows =
        db.query(std::string("SELECT ") + kColumns + " FROM nps_requests WHERE " + where, params);
    if (rows.empty())
        return std::nullopt;
    return read(rows, 0);
}

} // namespace

bool RequestStore::insertOnce(sdk::Transaction& tx, FeedbackRequest& r)
{
    // The delivering transaction holds the case's row: a second delivery of the same case
    // waits for it and then finds this request.
    if (forCase(tx, r.caseId))
        return false;
    r.id =
        tx.insert("INSERT INTO nps_requests (case_id, case_number, organization_id, owner_user_id, product, "
                  "product_name, technician_id, requested_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  {r.caseId, r.caseNumber, r.organizationId, r.ownerUserId, r.product, r.productName,
                   r.technicianId, r.requestedAt, r.expiresAt});
    return true;
}

std::optional<FeedbackRequest> RequestStore::find(sdk::SqlRunner& db, std::int64_t id)
{
    return one(db, "id = ?", {id});
}

std::optional<FeedbackRequest> RequestStore::forCase(sdk::SqlRunner& db, std::int64_t caseId)
{
    return one(db, "case_id = ?", {caseId});
}

bool RequestStore::markAnswered(sdk::Transaction& tx, std::int64_t id, std::int64_t at)
{
    return tx.execute("UPDATE nps_requests SET answered_at = ? WHERE id = ? AND answered_at IS NULL",
                      {at, id}) == 1;
}

} // namespace molar::nps
