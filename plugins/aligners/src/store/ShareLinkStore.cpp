#include "store/ShareLinkStore.h"

#include "store/Columns.h"

namespace molar::aligners {

namespace {

const char* const kColumns = "id, plan_id, case_id, created_by, created_at, expires_at, revoked_at";

ShareLink read(const sdk::ResultSet& rows, std::size_t i)
{
    ShareLink l;
    l.id = intAt(rows, i, "id");
    l.planId = intAt(rows, i, "plan_id");
    l.caseId = intAt(rows, i, "case_id");
    l.createdBy = intAt(rows, i, "created_by");
    l.createdAt = intAt(rows, i, "created_at");
    l.expiresAt = intAt(rows, i, "expires_at");
    l.revokedAt = intAt(rows, i, "revoked_at");
    return l;
}

std::optional<ShareLink> one(sdk::SqlRunner& db, const std::string& where, const sdk::Params& params)
{
    const auto rows =
        db.query(std::string("SELECT ") + kColumns + " FROM aligner_share_links WHERE " + where, params);
    if (rows.empty())
        return std::nullopt;
    return read(rows, 0);
}

} // namespace

std::int64_t ShareLinkStore::insert(sdk::SqlRunner& db, const ShareLink& l, const std::string& tokenHash)
{
    return db.insert("INSERT INTO aligner_share_links (plan_id, case_id, token_hash, created_by, created_at, "
                     "expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                     {l.planId, l.caseId, tokenHash, l.createdBy, l.createdAt, l.expiresAt});
}

std::optional<ShareLink> ShareLinkStore::byDigest(sdk::SqlRunner& db, const std::string& tokenHash)
{
    return one(db, "token_hash = ?", {tokenHash});
}

std::optional<ShareLink> ShareLinkStore::find(sdk::SqlRunner& db, std::int64_t id)
{
    return one(db, "id = ?", {id});
}

std::vector<ShareLink> ShareLinkStore::ofCase(sdk::SqlRunner& db, std::int64_t caseId)
{
    const auto rows = db.query(std::string("SELECT ") + kColumns +
                                   " FROM aligner_share_links WHERE case_id = ? ORDER BY id DESC",
                               {caseId});
    std::vector<ShareLink> links;
    for (std::size_t i = 0; i < rows.size(); ++i)
        links.push_back(read(rows, i));
    return links;
}

bool ShareLinkStore::revoke(sdk::SqlRunner& db, std::int64_t id, std::int64_t by, std::int64_t at)
{
    return db.execute(
               "UPDATE aligner_share_links SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at "
               "IS NULL",
               {at, by, id}) == 1;
}

} // namespace molar::aligners
