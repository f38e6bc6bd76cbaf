#include "store/AnswerStore.h"

#include "store/Columns.h"

namespace molar::nps {

namespace {

std::optional<FeedbackAnswer> one(sdk::SqlRunner& db, const std::string& where, const sdk::Params& params)
{
    const auto rows = db.query(
        std::string("SELECT ") + AnswerStore::columns() + " FROM nps_answers WHERE " + where, params);
    if (rows.empty())
        return std::nullopt;
    return AnswerStore::read(rows, 0);
}

} // namespace

const char* AnswerStore::columns()
{
    return "id, request_id, case_id, case_number, organization_id, author_user_id, author_name, score, "
           "fit_stars, aesthetics_stars, speed_stars, comment, consent, product, product_name, "
           "technician_id, "
           "answered_at, updated_at";
}

FeedbackAnswer AnswerStore::read(const sdk::ResultSet& rows, std::size_t i)
{
    FeedbackAnswer a;
    a.id = intAt(rows, i, "id");
    a.requestId = intAt(rows, i, "request_id");
    a.caseId = intAt(rows, i, "case_id");
    a.caseNumber = textAt(rows, i, "case_number");
    a.organizationId = intAt(rows, i, "organization_id");
    a.authorUserId = intAt(rows, i, "author_user_id");
    a.authorName = textAt(rows, i, "author_name");
    a.score = static_cast<int>(intAt(rows, i, "score"));
    a.fitStars = static_cast<int>(intAt(rows, i, "fit_stars"));
    a.aestheticsStars = static_cast<int>(intAt(rows, i, "aesthetics_stars"));
    a.speedStars = static_cast<int>(intAt(rows, i, "speed_stars"));
    a.comment = textAt(rows, i, "comment");
    a.consent = intAt(rows, i, "consent") != 0;
    a.product = textAt(rows, i, "product");
    a.productName = textAt(rows, i, "product_name");
    a.technicianId = intAt(rows, i, "technician_id");
    a.answeredAt = intAt(rows, i, "answered_at");
    a.updatedAt = intAt(rows, i, "updated_at");
    return a;
}

void AnswerStore::insert(sdk::Transaction& tx, FeedbackAnswer& a)
{
    a.id = tx.insert(
        "INSERT INTO nps_answers (request_id, case_id, case_number, organization_id, author_user_id, "
        "author_name, score, fit_stars, aesthetics_stars, speed_stars, comment, consent, product, "
        "product_name, technician_id, answered_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?, ?, ?)",
        {a.requestId, a.caseId, a.caseNumber, a.organizationId, a.authorUserId, a.authorName, a.score,
         a.fitStars, a.aestheticsStars, a.speedStars, a.comment, a.consent ? 1 : 0, a.product, a.productName,
         a.technicianId, a.answeredAt, a.updatedAt});
}

std::optional<FeedbackAnswer> AnswerStore::find(sdk::SqlRunner& db, std::int64_t id)
{
    return one(db, "id = ?", {id});
}

std::optional<FeedbackAnswer> AnswerStore::forCase(sdk::SqlRunner& db, std::int64_t caseId)
{
    return one(db, "case_id = ?", {caseId});
}

bool AnswerStore::change(sdk::Transaction& tx, const FeedbackAnswer& a, std::int64_t answeredAfter)
{
    return tx.execute(
               "UPDATE nps_answers SET score = ?, fit_stars = ?, aesthetics_stars = ?, speed_stars = ?, "
               "comment = ?, consent = ?, updated_at = ? WHERE id = ? AND answered_at > ?",
               {a.score, a.fitStars, a.aestheticsStars, a.speedStars, a.comment, a.consent ? 1 : 0,
                a.updatedAt, a.id, answeredAfter}) == 1;
}

} // namespace molar::nps
