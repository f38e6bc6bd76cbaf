#include "store/WarrantyStore.h"

namespace molar::warranty {

namespace {

const char* const kColumns =
    "id, number, case_id, case_number, organization_id, clinic_id, clinic_name, owner_user_id, product, "
    "restoration, teeth, term_months, issued_on, expires_on, issued_at, check_code, voided, void_reason, "
    "voided_by, voided_at";

Warranty read(const sdk::ResultSet& rows, std::size_t i)
{
    Warranty w;
    w.id = rows.get(i, "id").asInt();
    w.number = rows.get(i, "number").asString();
    w.caseId = rows.get(i, "case_id").asInt();
    w.caseNumber = rows.get(i, "case_number").asString();
    w.organizationId = rows.get(i, "organization_id").asInt();
    w.clinicId = rows.get(i, "clinic_id").asInt();
    w.clinicName = rows.get(i, "clinic_name").asString();
    w.ownerUserId = rows.get(i, "owner_user_id").asInt();
    w.product = rows.get(i, "product").asString();
    w.restoration = rows.get(i, "restoration").asString();
    w.teeth = rows.get(i, "teeth").asString();
    w.termMonths = static_cast<int>(rows.get(i, "term_months").asInt());
    w.issuedOn = rows.get(i, "issued_on").asString();
    w.expiresOn = rows.get(i, "expires_on").asString();
    w.issuedAt = rows.get(i, "issued_at").asInt();
    w.checkCode = rows.get(i, "check_code").asString();
    w.voided = rows.get(i, "voided").asInt() != 0;
    w.voidReason = rows.get(i, "void_reason").asString();
    w.voidedBy = rows.get(i, "voided_by").asInt();
    w.voidedAt = rows.get(i, "voided_at").asInt();
    return w;
}

std::optional<Warranty> one(sdk::SqlRunner& db, const std::string& where, const sdk::Params& params)
{
    const auto rows =
        db.query(std::string("SELECT ") + kColumns + " FROM warranty_cards WHERE " + where, params);
    if (rows.empty())
        return std::nullopt;
    return read(rows, 0);
}

} // namespace

bool WarrantyStore::insertOnce(sdk::Transaction& tx, Warranty& w)
{
    // The delivering transaction holds the case's row: a second delivery of the same
    // case waits for it and then finds this warranty.
    if (forCase(tx, w.caseId))
        return false;
    w.id =
        tx.insert("INSERT INTO warranty_cards (number, case_id, case_number, organization_id, clinic_id, "
                  "clinic_name, owner_user_id, product, restoration, teeth, term_months, issued_on, "
                  "expires_on, issued_at, check_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  {w.number, w.caseId, w.caseNumber, w.organizationId, w.clinicId, w.clinicName,
                   w.ownerUserId, w.product, w.restoration, w.teeth, std::int64_t(w.termMonths), w.issuedOn,
                   w.expiresOn, w.issuedAt, w.checkCode});
    return true;
}

std::optional<Warranty> WarrantyStore::find(sdk::SqlRunner& db, std::int64_t id)
{
    return one(db, "id = ?", {id});
}

std::optional<Warranty> WarrantyStore::forCase(sdk::SqlRunner& db, std::int64_t caseId)
{
    return one(db, "case_id = ?", {caseId});
}

std::optional<Warranty> WarrantyStore::forCaseNumber(sdk::SqlRunner& db, const std::string& caseNumber)
{
    return one(db, "case_number = ?", {caseNumber});
}

std::vector<Warranty> WarrantyStore::list(sdk::SqlRunner& db, std::int64_t organizationId,
                                          std::int64_t ownerUserId, std::int64_t beforeId, int limit)
{
    std::string sql = std::string("SELECT ") + kColumns + " FROM warranty_cards WHERE id < ?";
    sdk::Params params{beforeId > 0 ? beforeId : INT64_MAX};
    if (organizationId > 0) {
        sql += " AND organization_id = ?";
        params.emplace_back(organizationId);
    }
    if (ownerUserId > 0) {
        sql += " AND owner_user_id = ?";
        params.emplace_back(ownerUserId);
    }
    sql += " ORDER BY id DESC LIMIT " + std::to_string(limit);
    const auto rows = db.query(sql, params);
    std::vector<Warranty> out;
    for (std::size_t i = 0; i < rows.size(); ++i)
        out.push_back(read(rows, i));
    return out;
}

bool WarrantyStore::markVoid(sdk::Transaction& tx, std::int64_t id, const std::string& reason,
                             std::int64_t userId, std::int64_t at)
{
    return tx.execute("UPDATE warranty_cards SET voided = 1, void_reason = ?, voided_by = ?, voided_at = ? "
                      "WHERE id = ? AND voided = 0",
                      {reason, userId, at, id}) == 1;
}

} // namespace molar::warranty
