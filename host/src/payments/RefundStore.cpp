#include "payments/RefundStore.h"

namespace molar::host {

namespace {

const char* const COLUMNS =
    "id, attempt_id, amount_minor, state, provider_refund_id, failure_code, created_at, updated_at";

std::string text(const sdk::Value& v)
{
    return v.isNull() ? std::string() : v.asString();
}

std::int64_t number(const sdk::Value& v)
{
    return v.isNull() ? 0 : v.asInt();
}

std::string clip(const std::string& s, std::size_t n)
{
    return s.size() <= n ? s : s.substr(0, n);
}

sdk::Value orNull(const std::string& s, std::size_t n)
{
    return s.empty() ? sdk::Value() : sdk::Value(clip(s, n));
}

std::vector<RefundRow> refundsFrom(const sdk::ResultSet& rows)
{
    std::vector<RefundRow> out;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& r = rows.row(i);
        out.push_back({text(r.at(0)), text(r.at(1)), number(r.at(2)), text(r.at(3)), text(r.at(4)),
                       text(r.at(5)), number(r.at(6)), number(r.at(7))});
    }
    return out;
}

} // namespace

std::optional<RefundRow> RefundStore::find(sdk::SqlRunner& sql, const std::string& id)
{
    auto found = refundsFrom(
        sql.query(std::string("SELECT ") + COLUMNS + " FROM molar_payment_refunds WHERE id = ?", {id}));
    if (found.empty())
        return std::nullopt;
    return found.front();
}

void RefundStore::insert(sdk::Transaction& tx, const RefundRow& r)
{
    tx.execute("INSERT INTO molar_payment_refunds (id, attempt_id, amount_minor, state, provider_refund_id,"
               " failure_code, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
               {r.id, r.attemptId, r.amountMinor, r.state, orNull(r.providerRefundId, 190),
                orNull(r.failureCode, 100), r.createdAtMillis, r.updatedAtMillis});
}

std::int64_t RefundStore::outstandingMinor(sdk::Transaction& tx, const std::string& attemptId)
{
    auto rows =
        tx.query("SELECT COALESCE(SUM(amount_minor), 0) FROM molar_payment_refunds WHERE attempt_id = ?"
                 " AND state IN ('pending', 'unknown')",
                 {attemptId});
    return number(rows.row(0).at(0));
}

void RefundStore::update(sdk::Transaction& tx, const RefundRow& r)
{
    tx.execute(
        "UPDATE molar_payment_refunds SET state = ?, provider_refund_id = ?, failure_code = ?,"
        " updated_at = ? WHERE id = ?",
        {r.state, orNull(r.providerRefundId, 190), orNull(r.failureCode, 100), r.updatedAtMillis, r.id});
}

void RefundStore::markCounted(sdk::Transaction& tx, const std::string& attemptId,
                              const std::string& providerRefundId, std::int64_t now)
{
    if (providerRefundId.empty())
        return;
    tx.execute("UPDATE molar_payment_refunds SET state = 'succeeded', failure_code = NULL, updated_at = ?"
               " WHERE attempt_id = ? AND provider_refund_id = ? AND state IN ('pending', 'unknown')",
               {now, attemptId, clip(providerRefundId, 190)});
}

std::vector<RefundRow> RefundStore::unknown(sdk::SqlRunner& sql, std::int64_t before, int limit)
{
    return refundsFrom(sql.query(std::string("SELECT ") + COLUMNS +
                                     " FROM molar_payment_refunds WHERE state = 'unknown' AND updated_at < ?"
                                     " ORDER BY updated_at, id LIMIT ?",
                                 {before, limit}));
}

void RefundStore::touch(sdk::SqlRunner& sql, const std::string& id, std::int64_t now)
{
    sql.execute("UPDATE molar_payment_refunds SET updated_at = ? WHERE id = ?", {now, id});
}

} // namespace molar::host
