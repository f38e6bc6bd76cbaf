#include "quotes/QuoteBook.h"

namespace molar::billing {
namespace {

const char* const columns =
    "id, case_id, case_number, organization_id, clinic_id, owner_user_id, product, product_name, state, "
    "amount_minor, currency, note, opened_at, sent_by, sent_at, answered_by, answered_at, decline_reason, "
    "withdrawn_by, withdrawn_at";

Quote read(const sdk::ResultSet& rows, std::size_t i)
{
    Quote q;
    q.id = rows.get(i, "id").asInt();
    q.caseId = rows.get(i, "case_id").asInt();
    q.caseNumber = rows.get(i, "case_number").toString();
    q.organizationId = rows.get(i, "organization_id").asInt();
    q.clinicId = rows.get(i, "clinic_id").asInt();
    q.ownerUserId = rows.get(i, "owner_user_id").asInt();
    q.product = rows.get(i, "product").toString();
    q.productName = rows.get(i, "product_name").toString();
    q.state = rows.get(i, "state").toString();
    q.amountMinor = rows.get(i, "amount_minor").asInt();
    q.currency = rows.get(i, "currency").toString();
    q.note = rows.get(i, "note").toString();
    q.openedAt = rows.get(i, "opened_at").asInt();
    q.sentBy = rows.get(i, "sent_by").asInt();
    q.sentAt = rows.get(i, "sent_at").asInt();
    q.answeredBy = rows.get(i, "answered_by").asInt();
    q.answeredAt = rows.get(i, "answered_at").asInt();
    q.declineReason = rows.get(i, "decline_reason").toString();
    q.withdrawnBy = rows.get(i, "withdrawn_by").asInt();
    q.withdrawnAt = rows.get(i, "withdrawn_at").asInt();
    return q;
}

} // namespace

std::optional<sdk::Money> QuoteBook::acceptedPriceFor(sdk::SqlRunner& db, std::int64_t caseId)
{
    auto rows = db.query("SELECT amount_minor, currency FROM billing_quotes WHERE case_id = ? AND state = "
                         "'accepted' ORDER BY answered_at DESC, id DESC LIMIT 1",
                         {caseId});
    if (rows.empty())
        return std::nullopt;
    return sdk::Money{rows.get(0, "amount_minor").asInt(), rows.get(0, "currency").toString()};
}

std::optional<Quote> QuoteBook::find(sdk::SqlRunner& db, std::int64_t id)
{
    auto rows = db.query(std::string("SELECT ") + columns + " FROM billing_quotes WHERE id = ?", {id});
    if (rows.empty())
        return std::nullopt;
    return read(rows, 0);
}

std::optional<Quote> QuoteBook::openFor(sdk::SqlRunner& db, std::int64_t caseId)
{
    auto rows = db.query(std::string("SELECT ") + columns +
                             " FROM billing_quotes WHERE case_id = ? AND state IN ('awaiting_price', 'sent') "
                             "ORDER BY id DESC LIMIT 1",
                         {caseId});
    if (rows.empty())
        return std::nullopt;
    return read(rows, 0);
}

std::vector<Quote> QuoteBook::open(sdk::SqlRunner& db, int limit)
{
    auto rows =
        db.query(std::string("SELECT ") + columns +
                     " FROM billing_quotes WHERE state IN ('awaiting_price', 'sent') ORDER BY id LIMIT ?",
                 {limit});
    std::vector<Quote> out;
    for (std::size_t i = 0; i < rows.size(); ++i)
        out.push_back(read(rows, i));
    return out;
}

std::int64_t QuoteBook::insert(sdk::SqlRunner& db, const Quote& q)
{
    return db.insert(
        "INSERT INTO billing_quotes (case_id, case_number, organization_id, clinic_id, owner_user_id, "
        "product, product_name, state, currency, opened_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {q.caseId, q.caseNumber, q.organizationId, q.clinicId, q.ownerUserId, q.product, q.productName,
         q.state, q.currency, q.openedAt});
}

bool QuoteBook::markSent(sdk::SqlRunner& db, std::int64_t id, std::int64_t amountMinor,
                         const std::string& currency, const std::string& note, std::int64_t by,
                         std::int64_t at)
{
    return db.execute("UPDATE billing_quotes SET state = 'sent', amount_minor = ?, currency = ?, note = ?, "
                      "sent_by = ?, sent_at = ? WHERE id = ? AND state = 'awaiting_price'",
                      {amountMinor, currency, note, by, at, id}) == 1;
}

bool QuoteBook::markAnswered(sdk::SqlRunner& db, std::int64_t id, const std::string& state, std::int64_t by,
                             std::int64_t at, const std::string& reason)
{
    return db.execute(
               "UPDATE billing_quotes SET state = ?, answered_by = ?, answered_at = ?, decline_reason = ? "
               "WHERE id = ? AND state = 'sent'",
               {state, by, at, reason, id}) == 1;
}

std::int64_t QuoteBook::withdrawOpen(sdk::SqlRunner& db, std::int64_t caseId, std::int64_t by,
                                     std::int64_t at)
{
    return db.execute("UPDATE billing_quotes SET state = 'withdrawn', withdrawn_by = ?, withdrawn_at = ? "
                      "WHERE case_id = ? AND state IN ('awaiting_price', 'sent')",
                      {by, at, caseId});
}

} // namespace molar::billing
