#include "modes/Deliveries.h"

namespace molar::billing {

namespace {

const std::string kColumns =
    "SELECT case_id, organization_id, clinic_id, case_number, product, product_name, delivered_at, mode, "
    "invoice_id ";

Delivery fromRow(const sdk::ResultSet& rows, std::size_t row)
{
    Delivery d;
    d.caseId = rows.get(row, "case_id").asInt();
    d.organizationId = rows.get(row, "organization_id").asInt();
    d.clinicId = rows.get(row, "clinic_id").asInt();
    d.caseNumber = rows.get(row, "case_number").toString();
    d.product = rows.get(row, "product").toString();
    d.productName = rows.get(row, "product_name").toString();
    d.deliveredAt = rows.get(row, "delivered_at").asInt();
    d.mode = rows.get(row, "mode").toString();
    d.invoiceId = rows.get(row, "invoice_id").asInt();
    return d;
}

} // namespace

void Deliveries::record(sdk::Transaction& tx, const Delivery& delivery)
{
    // The case's row is locked by the transaction delivering it, so nobody records
    // the same case between this look and the insert.
    if (!tx.query("SELECT case_id FROM billing_deliveries WHERE case_id = ?", {delivery.caseId}).empty())
        return;
    tx.execute("INSERT INTO billing_deliveries (case_id, organization_id, clinic_id, case_number, product, "
               "product_name, delivered_at, mode, invoice_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)",
               {delivery.caseId, delivery.organizationId, delivery.clinicId, delivery.caseNumber,
                delivery.product, delivery.productName, delivery.deliveredAt, delivery.mode});
}

std::optional<Delivery> Deliveries::find(sdk::SqlRunner& db, std::int64_t caseId)
{
    auto rows = db.query(kColumns + "FROM billing_deliveries "
                                    "WHERE case_id = ?",
                         {caseId});
    if (rows.empty())
        return std::nullopt;
    return fromRow(rows, 0);
}

std::vector<Delivery> Deliveries::unbilled(sdk::SqlRunner& db, const std::string& mode, std::int64_t from,
                                           std::int64_t to)
{
    auto rows =
        db.query(kColumns + "FROM billing_deliveries "
                            "WHERE mode = ? AND invoice_id = 0 AND delivered_at >= ? AND delivered_at < ? "
                            "ORDER BY organization_id, delivered_at, case_id",
                 {mode, from, to});
    std::vector<Delivery> out;
    for (std::size_t r = 0; r < rows.size(); ++r)
        out.push_back(fromRow(rows, r));
    return out;
}

// A claimed case holds -1 until its invoice has an id; both commit together.
bool Deliveries::claim(sdk::Transaction& tx, std::int64_t caseId)
{
    return tx.execute("UPDATE billing_deliveries SET invoice_id = -1 WHERE case_id = ? AND invoice_id = 0",
                      {caseId}) == 1;
}

void Deliveries::attach(sdk::Transaction& tx, const std::vector<std::int64_t>& caseIds,
                        std::int64_t invoiceId)
{
    for (std::int64_t caseId : caseIds)
        tx.execute("UPDATE billing_deliveries SET invoice_id = ? WHERE case_id = ? AND invoice_id = -1",
                   {invoiceId, caseId});
}

} // namespace molar::billing
