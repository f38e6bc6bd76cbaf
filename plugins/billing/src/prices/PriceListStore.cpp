#include "prices/PriceListStore.h"

namespace molar::billing {

namespace {

PriceListRecord listFrom(const sdk::ResultSet& rows)
{
    PriceListRecord record;
    record.id = rows.get(0, "id").asInt();
    record.organizationId = rows.get(0, "organization_id").asInt();
    record.version = static_cast<int>(rows.get(0, "version").asInt());
    record.updatedAt = rows.get(0, "updated_at").asInt();
    return record;
}

PriceAgreement agreementFrom(const sdk::ResultSet& rows)
{
    PriceAgreement agreement;
    agreement.listId = rows.get(0, "list_id").asInt();
    agreement.organizationId = rows.get(0, "organization_id").asInt();
    agreement.version = static_cast<int>(rows.get(0, "version").asInt());
    agreement.acceptedBy = rows.get(0, "accepted_by").asInt();
    agreement.acceptedAt = rows.get(0, "accepted_at").asInt();
    return agreement;
}

const char* const listColumns = "SELECT id, organization_id, version, updated_at FROM billing_price_lists ";
const char* const agreementColumns =
    "SELECT list_id, organization_id, version, accepted_by, accepted_at FROM billing_price_agreements ";

} // namespace

std::optional<PriceListRecord> PriceListStore::forOrganization(sdk::SqlRunner& db,
                                                               std::int64_t organizationId)
{
    auto rows = db.query(std::string(listColumns) + "WHERE organization_id = ?", {organizationId});
    if (rows.empty())
        return std::nullopt;
    return listFrom(rows);
}

std::optional<PriceListRecord> PriceListStore::byId(sdk::SqlRunner& db, std::int64_t listId)
{
    auto rows = db.query(std::string(listColumns) + "WHERE id = ?", {listId});
    if (rows.empty())
        return std::nullopt;
    return listFrom(rows);
}

std::optional<PriceListVersion> PriceListStore::version(sdk::SqlRunner& db, std::int64_t listId, int version)
{
    auto rows = db.query("SELECT version, currency, saved_by, saved_at FROM billing_price_list_versions "
                         "WHERE list_id = ? AND version = ?",
                         {listId, version});
    if (rows.empty())
        return std::nullopt;
    PriceListVersion out;
    out.version = static_cast<int>(rows.get(0, "version").asInt());
    out.currency = rows.get(0, "currency").toString();
    out.savedBy = rows.get(0, "saved_by").asInt();
    out.savedAt = rows.get(0, "saved_at").asInt();
    return out;
}

CustomPrices PriceListStore::prices(sdk::SqlRunner& db, std::int64_t listId, int version)
{
    auto rows = db.query("SELECT product_code, price_minor, currency FROM billing_price_list_items "
                         "WHERE list_id = ? AND version = ?",
                         {listId, version});
    CustomPrices out;
    for (std::size_t i = 0; i < rows.size(); ++i)
        out[rows.get(i, "product_code").toString()] =
            sdk::Money{rows.get(i, "price_minor").asInt(), rows.get(i, "currency").toString()};
    return out;
}

std::optional<PriceAgreement> PriceListStore::inForce(sdk::SqlRunner& db, std::int64_t organizationId)
{
    auto rows =
        db.query(std::string(agreementColumns) + "WHERE organization_id = ? ORDER BY version DESC LIMIT 1",
                 {organizationId});
    if (rows.empty())
        return std::nullopt;
    return agreementFrom(rows);
}

std::optional<PriceAgreement> PriceListStore::agreement(sdk::SqlRunner& db, std::int64_t listId, int version)
{
    auto rows =
        db.query(std::string(agreementColumns) + "WHERE list_id = ? AND version = ?", {listId, version});
    if (rows.empty())
        return std::nullopt;
    return agreementFrom(rows);
}

std::optional<std::int64_t> PriceListStore::addVersion(sdk::Transaction& tx, std::int64_t organizationId,
                                                       int from, const CustomPrices& prices,
                                                       const std::string& currency, std::int64_t savedBy,
                                                       std::int64_t now)
{
    std::int64_t listId = 0;
    if (from == 0) {
        if (forOrganization(tx, organizationId))
            return std::nullopt;
        // The unique index on organization_id refuses a list another host made meanwhile.
        listId =
            tx.insert("INSERT INTO billing_price_lists (organization_id, version, created_at, updated_at) "
                      "VALUES (?, 1, ?, ?)",
                      {organizationId, now, now});
    } else {
        // Conditional on the version the editor started from: of two saves, one moves on.
        if (tx.execute("UPDATE billing_price_lists SET version = version + 1, updated_at = ? "
                       "WHERE organization_id = ? AND version = ?",
                       {now, organizationId, from}) != 1)
            return std::nullopt;
        listId = forOrganization(tx, organizationId)->id;
    }
    const int version = from + 1;
    tx.execute("INSERT INTO billing_price_list_versions (list_id, version, currency, saved_by, saved_at) "
               "VALUES (?, ?, ?, ?, ?)",
               {listId, version, currency, savedBy, now});
    for (const auto& [code, money] : prices)
        tx.execute(
            "INSERT INTO billing_price_list_items (list_id, version, product_code, price_minor, currency) "
            "VALUES (?, ?, ?, ?, ?)",
            {listId, version, code, money.minor, money.currency});
    return listId;
}

int PriceListStore::lockedVersion(sdk::Transaction& tx, std::int64_t listId)
{
    // SQLite's transactions hold the write lock from BEGIN IMMEDIATE; MySQL locks the row.
    const std::string lock = tx.dialect() == sdk::Dialect::MySQL ? " FOR UPDATE" : "";
    auto rows = tx.query("SELECT version FROM billing_price_lists WHERE id = ?" + lock, {listId});
    return rows.empty() ? 0 : static_cast<int>(rows.get(0, "version").asInt());
}

void PriceListStore::addAgreement(sdk::Transaction& tx, const PriceAgreement& agreement)
{
    tx.execute(
        "INSERT INTO billing_price_agreements (list_id, organization_id, version, accepted_by, accepted_at) "
        "VALUES (?, ?, ?, ?, ?)",
        {agreement.listId, agreement.organizationId, agreement.version, agreement.acceptedBy,
         agreement.acceptedAt});
}

} // namespace molar::billing
