#include "charges/AgreedPrices.h"

namespace molar::billing {

void AgreedPrices::record(sdk::Transaction& tx, const PricedCase& priced, std::int64_t at)
{
    // One statement either way: two publishers at once leave the later price, never an error.
    const std::string upsert =
        tx.dialect() == sdk::Dialect::MySQL
            ? " ON DUPLICATE KEY UPDATE amount_minor = VALUES(amount_minor), currency = VALUES(currency), "
              "label = VALUES(label), source = VALUES(source), set_at = VALUES(set_at)"
            : " ON CONFLICT (case_id) DO UPDATE SET amount_minor = excluded.amount_minor, currency = "
              "excluded.currency, label = excluded.label, source = excluded.source, set_at = excluded.set_at";
    tx.execute("INSERT INTO billing_case_prices (case_id, amount_minor, currency, label, source, set_at) "
               "VALUES (?, ?, ?, ?, ?, ?)" +
                   upsert,
               {priced.caseId, priced.price.minor, priced.price.currency, priced.label, priced.source, at});
}

std::optional<AgreedPrices::Row> AgreedPrices::find(sdk::SqlRunner& db, std::int64_t caseId)
{
    auto rows = db.query(
        "SELECT amount_minor, currency, label, source, set_at FROM billing_case_prices WHERE case_id = ?",
        {caseId});
    if (rows.empty())
        return std::nullopt;
    Row row;
    row.price = {rows.get(0, "amount_minor").asInt(), rows.get(0, "currency").toString()};
    row.label = rows.get(0, "label").toString();
    row.source = rows.get(0, "source").toString();
    row.setAt = rows.get(0, "set_at").asInt();
    return row;
}

} // namespace molar::billing
