#include "store/LinkStore.h"

#include "store/Columns.h"

namespace molar::nps {

std::int64_t LinkStore::add(sdk::SqlRunner& db, std::int64_t requestId, const std::string& tokenHash,
                            std::int64_t at)
{
    return db.insert("INSERT INTO nps_links (request_id, token_hash, created_at) VALUES (?, ?, ?)",
                     {requestId, tokenHash, at});
}

std::optional<FeedbackLink> LinkStore::byDigest(sdk::SqlRunner& db, const std::string& tokenHash)
{
    const auto rows =
        db.query("SELECT id, request_id, token_hash, created_at, used_at FROM nps_links WHERE token_hash = ?",
                 {tokenHash});
    if (rows.empty())
        return std::nullopt;
    FeedbackLink link;
    link.id = intAt(rows, 0, "id");
    link.requestId = intAt(rows, 0, "request_id");
    link.tokenHash = textAt(rows, 0, "token_hash");
    link.createdAt = intAt(rows, 0, "created_at");
    link.usedAt = intAt(rows, 0, "used_at");
    return link;
}

bool LinkStore::use(sdk::Transaction& tx, std::int64_t id, std::int64_t at)
{
    return tx.execute("UPDATE nps_links SET used_at = ? WHERE id = ? AND used_at IS NULL", {at, id}) == 1;
}

void LinkStore::useAll(sdk::Transaction& tx, std::int64_t requestId, std::int64_t at)
{
    tx.execute("UPDATE nps_links SET used_at = ? WHERE request_id = ? AND used_at IS NULL", {at, requestId});
}

} // namespace molar::nps
