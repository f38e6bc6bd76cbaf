#include "cards/CardCharges.h"

namespace molar::billing {

namespace {

const std::string kColumns =
    "SELECT case_id, organization_id, case_number, mode, state, invoice_id, attempt_id, previous_attempt_id, "
    "method_id, failure_code, authorized_at, shipped_at, created_at, updated_at FROM billing_card_charges ";

CardCharge fromRow(const sdk::ResultSet& rows, std::size_t row)
{
    CardCharge c;
    c.caseId = rows.get(row, "case_id").asInt();
    c.organizationId = rows.get(row, "organization_id").asInt();
    c.caseNumber = rows.get(row, "case_number").toString();
    c.mode = rows.get(row, "mode").toString();
    c.state = rows.get(row, "state").toString();
    c.invoiceId = rows.get(row, "invoice_id").asInt();
    c.attemptId = rows.get(row, "attempt_id").toString();
    c.previousAttemptId = rows.get(row, "previous_attempt_id").toString();
    c.methodId = rows.get(row, "method_id").asInt();
    c.failureCode = rows.get(row, "failure_code").toString();
    c.authorizedAt = rows.get(row, "authorized_at").asInt();
    c.shippedAt = rows.get(row, "shipped_at").asInt();
    c.createdAt = rows.get(row, "created_at").asInt();
    c.updatedAt = rows.get(row, "updated_at").asInt();
    return c;
}

std::vector<CardCharge> all(const sdk::ResultSet& rows)
{
    std::vector<CardCharge> out;
    for (std::size_t r = 0; r < rows.size(); ++r)
        out.push_back(fromRow(rows, r));
    return out;
}

} // namespace

bool CardCharge::inFlight() const
{
    return state == "authorizing" || state == "reauthorizing" || state == "capturing" ||
           state == "charging" || state == "cancelling";
}

bool CardCharges::open(sdk::Transaction& tx, const CardCharge& c)
{
    if (!tx.query("SELECT case_id FROM billing_card_charges WHERE case_id = ?", {c.caseId}).empty())
        return false;
    tx.execute(
        "INSERT INTO billing_card_charges (case_id, organization_id, case_number, mode, state, invoice_id, "
        "attempt_id, previous_attempt_id, method_id, failure_code, authorized_at, shipped_at, created_at, "
        "updated_at) VALUES (?, ?, ?, ?, ?, 0, '', '', 0, '', 0, ?, ?, ?)",
        {c.caseId, c.organizationId, c.caseNumber, c.mode, c.state, c.shippedAt, c.createdAt, c.createdAt});
    return true;
}

std::optional<CardCharge> CardCharges::find(sdk::SqlRunner& db, std::int64_t caseId)
{
    auto rows = db.query(kColumns + "WHERE case_id = ?", {caseId});
    if (rows.empty())
        return std::nullopt;
    return fromRow(rows, 0);
}

std::optional<CardCharge> CardCharges::findForUpdate(sdk::Transaction& tx, std::int64_t caseId)
{
    if (tx.dialect() == sdk::Dialect::SQLite)
        return find(tx, caseId); // BEGIN IMMEDIATE: this transaction already holds the write lock
    auto rows = tx.query(kColumns + "WHERE case_id = ? FOR UPDATE", {caseId});
    if (rows.empty())
        return std::nullopt;
    return fromRow(rows, 0);
}

void CardCharges::update(sdk::Transaction& tx, const CardCharge& c)
{
    tx.execute("UPDATE billing_card_charges SET case_number = ?, state = ?, invoice_id = ?, attempt_id = ?, "
               "previous_attempt_id = ?, method_id = ?, failure_code = ?, authorized_at = ?, shipped_at = ?, "
               "updated_at = ? WHERE case_id = ?",
               {c.caseNumber, c.state, c.invoiceId, c.attemptId, c.previousAttemptId, c.methodId,
                c.failureCode.substr(0, 64), c.authorizedAt, c.shippedAt, c.updatedAt, c.caseId});
}

bool CardCharges::move(sdk::Transaction& tx, std::int64_t caseId, const std::string& from,
                       const std::string& to, std::int64_t now)
{
    return tx.execute(
               "UPDATE billing_card_charges SET state = ?, updated_at = ? WHERE case_id = ? AND state = ?",
               {to, now, caseId, from}) == 1;
}

bool CardCharges::touch(sdk::Transaction& tx, const CardCharge& seen, std::int64_t now)
{
    return tx.execute("UPDATE billing_card_charges SET updated_at = ? WHERE case_id = ? AND state = ? AND "
                      "attempt_id = ? AND updated_at = ?",
                      {now, seen.caseId, seen.state, seen.attemptId, seen.updatedAt}) == 1;
}

std::vector<CardCharge> CardCharges::agingHolds(sdk::SqlRunner& db, std::int64_t before, int limit)
{
    return all(db.query(kColumns +
                            "WHERE state = 'authorized' AND mode = 'prepay' AND shipped_at = 0 AND "
                            "authorized_at <= ? ORDER BY authorized_at, case_id LIMIT " +
                            std::to_string(limit),
                        {before}));
}

std::vector<CardCharge> CardCharges::stuckIn(sdk::SqlRunner& db, const std::string& state,
                                             std::int64_t before, int limit)
{
    return all(db.query(kColumns + "WHERE state = ? AND updated_at <= ? ORDER BY updated_at, case_id LIMIT " +
                            std::to_string(limit),
                        {state, before}));
}

std::string CardCharges::modeOf(sdk::SqlRunner& db, std::int64_t caseId)
{
    auto rows = db.query("SELECT mode FROM billing_card_charges WHERE case_id = ?", {caseId});
    return rows.empty() ? std::string() : rows.get(0, "mode").toString();
}

} // namespace molar::billing
