#include "claims/ClaimStore.h"

namespace molar::warranty {

namespace {

const char* const kColumns =
    "id, warranty_id, case_id, organization_id, reason, description, state, form_key, "
    "filed_by, filed_by_name, filed_at, decided_by, decided_by_name, decided_at, "
    "decision_reason, remake_case_id, remake_number";

Claim read(const sdk::ResultSet& rows, std::size_t i)
{
    Claim c;
    c.id = rows.get(i, "id").asInt();
    c.warrantyId = rows.get(i, "warranty_id").asInt();
    c.caseId = rows.get(i, "case_id").asInt();
    c.organizationId = rows.get(i, "organization_id").asInt();
    c.reason = rows.get(i, "reason").asString();
    c.description = rows.get(i, "description").asString();
    c.state = rows.get(i, "state").asString();
    c.formKey = rows.get(i, "form_key").asString();
    c.filedBy = rows.get(i, "filed_by").asInt();
    c.filedByName = rows.get(i, "filed_by_name").asString();
    c.filedAt = rows.get(i, "filed_at").asInt();
    c.decidedBy = rows.get(i, "decided_by").asInt();
    c.decidedByName = rows.get(i, "decided_by_name").asString();
    c.decidedAt = rows.get(i, "decided_at").asInt();
    c.decisionReason = rows.get(i, "decision_reason").asString();
    c.remakeCaseId = rows.get(i, "remake_case_id").asInt();
    c.remakeNumber = rows.get(i, "remake_number").asString();
    return c;
}

ClaimPhoto readPhoto(const sdk::ResultSet& rows, std::size_t i)
{
    ClaimPhoto p;
    p.id = rows.get(i, "id").asInt();
    p.claimId = rows.get(i, "claim_id").asInt();
    p.storeKey = rows.get(i, "store_key").asString();
    p.originalName = rows.get(i, "original_name").asString();
    p.mediaType = rows.get(i, "media_type").asString();
    p.size = rows.get(i, "size").asInt();
    p.uploadedAt = rows.get(i, "uploaded_at").asInt();
    return p;
}

const char* const kPhotoColumns = "id, claim_id, store_key, original_name, media_type, size, uploaded_at";

std::vector<ClaimPhoto> photosOf(sdk::SqlRunner& db, std::int64_t claimId)
{
    const auto rows = db.query(std::string("SELECT ") + kPhotoColumns +
                                   " FROM warranty_claim_photos WHERE claim_id = ? ORDER BY id",
                               {claimId});
    std::vector<ClaimPhoto> out;
    for (std::size_t i = 0; i < rows.size(); ++i)
        out.push_back(readPhoto(rows, i));
    return out;
}

} // namespace

std::int64_t ClaimStore::insert(sdk::Transaction& tx, const Claim& c)
{
    return tx.insert(
        "INSERT INTO warranty_claims (warranty_id, case_id, organization_id, reason, description, state, "
        "form_key, filed_by, filed_by_name, filed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {c.warrantyId, c.caseId, c.organizationId, c.reason, c.description, c.state, c.formKey, c.filedBy,
         c.filedByName, c.filedAt});
}

void ClaimStore::addPhoto(sdk::Transaction& tx, const ClaimPhoto& p)
{
    tx.insert("INSERT INTO warranty_claim_photos (claim_id, store_key, original_name, media_type, size, "
              "uploaded_at) "
              "VALUES (?, ?, ?, ?, ?, ?)",
              {p.claimId, p.storeKey, p.originalName, p.mediaType, p.size, p.uploadedAt});
}

std::optional<Claim> ClaimStore::find(sdk::SqlRunner& db, std::int64_t id)
{
    const auto rows =
        db.query(std::string("SELECT ") + kColumns + " FROM warranty_claims WHERE id = ?", {id});
    if (rows.empty())
        return std::nullopt;
    Claim claim = read(rows, 0);
    claim.photos = photosOf(db, claim.id);
    return claim;
}

std::optional<Claim> ClaimStore::byFormKey(sdk::SqlRunner& db, const std::string& formKey)
{
    const auto rows =
        db.query(std::string("SELECT ") + kColumns + " FROM warranty_claims WHERE form_key = ?", {formKey});
    if (rows.empty())
        return std::nullopt;
    return read(rows, 0);
}

std::vector<Claim> ClaimStore::forWarranty(sdk::SqlRunner& db, std::int64_t warrantyId)
{
    const auto rows = db.query(std::string("SELECT ") + kColumns +
                                   " FROM warranty_claims WHERE warranty_id = ? ORDER BY id",
                               {warrantyId});
    std::vector<Claim> out;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        out.push_back(read(rows, i));
        out.back().photos = photosOf(db, out.back().id);
    }
    return out;
}

bool ClaimStore::hasOpen(sdk::SqlRunner& db, std::int64_t warrantyId)
{
    return !db.query("SELECT id FROM warranty_claims WHERE warranty_id = ? AND state = 'open'", {warrantyId})
                .empty();
}

std::set<std::int64_t> ClaimStore::openAmong(sdk::SqlRunner& db, const std::vector<std::int64_t>& warrantyIds)
{
    std::set<std::int64_t> open;
    if (warrantyIds.empty())
        return open;
    std::string placeholders;
    sdk::Params params;
    for (const std::int64_t id : warrantyIds) {
        placeholders += placeholders.empty() ? "?" : ", ?";
        params.emplace_back(id);
    }
    const auto rows = db.query("SELECT DISTINCT warranty_id FROM warranty_claims WHERE state = 'open' AND "
                               "warranty_id IN (" +
                                   placeholders + ")",
                               params);
    for (std::size_t i = 0; i < rows.size(); ++i)
        open.insert(rows.get(i, "warranty_id").asInt());
    return open;
}

bool ClaimStore::decide(sdk::Transaction& tx, std::int64_t id, const std::string& state, std::int64_t userId,
                        const std::string& userName, std::int64_t at, const std::string& reason)
{
    return tx.execute(
               "UPDATE warranty_claims SET state = ?, decided_by = ?, decided_by_name = ?, decided_at = ?, "
               "decision_reason = ? WHERE id = ? AND state = 'open'",
               {state, userId, userName, at, reason, id}) == 1;
}

void ClaimStore::setRemake(sdk::Transaction& tx, std::int64_t id, std::int64_t caseId,
                           const std::string& number)
{
    tx.execute("UPDATE warranty_claims SET remake_case_id = ?, remake_number = ? WHERE id = ?",
               {caseId, number, id});
}

std::optional<ClaimPhoto> ClaimStore::photo(sdk::SqlRunner& db, std::int64_t claimId, std::int64_t photoId)
{
    const auto rows = db.query(std::string("SELECT ") + kPhotoColumns +
                                   " FROM warranty_claim_photos WHERE claim_id = ? AND id = ?",
                               {claimId, photoId});
    if (rows.empty())
        return std::nullopt;
    return readPhoto(rows, 0);
}

} // namespace molar::warranty
