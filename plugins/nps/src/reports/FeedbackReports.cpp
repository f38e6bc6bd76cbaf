#include "reports/FeedbackReports.h"

#include "score/Redaction.h"
#include "store/AnswerStore.h"
#include "store/Columns.h"
#include "store/FollowUpStore.h"

#include <date/tz.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>

namespace molar::nps {

namespace {

constexpr std::int64_t kDayMs = 24 * 3600 * 1000;

// What every summary reads of an answer, grouped by score so that a report costs rows of
// scores, not of answers.
const char* const kTallies = "score, COUNT(*) AS answers, SUM(fit_stars) AS fit_sum, "
                             "SUM(CASE WHEN fit_stars > 0 THEN 1 ELSE 0 END) AS fit_count, "
                             "SUM(aesthetics_stars) AS aesthetics_sum, "
                             "SUM(CASE WHEN aesthetics_stars > 0 THEN 1 ELSE 0 END) AS aesthetics_count, "
                             "SUM(speed_stars) AS speed_sum, "
                             "SUM(CASE WHEN speed_stars > 0 THEN 1 ELSE 0 END) AS speed_count";

// Adds one row of kTallies to a summary.
void addTally(ScoreSummary& summary, const sdk::ResultSet& rows, std::size_t i)
{
    const int score = static_cast<int>(intAt(rows, i, "score"));
    const int answers = static_cast<int>(intAt(rows, i, "answers"));
    const std::string kind = scoreKind(score);
    (kind == "promoter"  ? summary.counts.promoters
     : kind == "passive" ? summary.counts.passives
                         : summary.counts.detractors) += answers;
    summary.fit.sum += intAt(rows, i, "fit_sum");
    summary.fit.count += static_cast<int>(intAt(rows, i, "fit_count"));
    summary.aesthetics.sum += intAt(rows, i, "aesthetics_sum");
    summary.aesthetics.count += static_cast<int>(intAt(rows, i, "aesthetics_count"));
    summary.speed.sum += intAt(rows, i, "speed_sum");
    summary.speed.count += static_cast<int>(intAt(rows, i, "speed_count"));
}

// Groups of answers by `keyColumn`, labelled by `labelColumn` (or empty), most answers first.
std::vector<GroupSummary> groupedBy(sdk::SqlRunner& db, const std::string& keyColumn,
                                    const std::string& labelColumn)
{
    const std::string label = labelColumn.empty() ? "''" : "MAX(" + labelColumn + ")";
    const auto rows = db.query("SELECT " + keyColumn + " AS group_key, " + label + " AS group_label, " +
                               kTallies + " FROM nps_answers GROUP BY " + keyColumn + ", score");
    std::map<std::string, GroupSummary> groups;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        GroupSummary& group = groups[textAt(rows, i, "group_key")];
        group.key = textAt(rows, i, "group_key");
        if (group.label.empty())
            group.label = textAt(rows, i, "group_label");
        addTally(group.summary, rows, i);
    }
    std::vector<GroupSummary> out;
    for (auto& [key, group] : groups)
        out.push_back(std::move(group));
    std::stable_sort(out.begin(), out.end(), [](const GroupSummary& a, const GroupSummary& b) {
        return a.summary.counts.answers() > b.summary.counts.answers();
    });
    return out;
}

std::string monthKey(const date::year_month& month)
{
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u", static_cast<int>(month.year()),
                  static_cast<unsigned>(month.month()));
    return text;
}

using Millis = date::sys_time<std::chrono::milliseconds>;

date::year_month localMonth(const date::time_zone* zone, std::int64_t instantMs)
{
    const auto local = date::make_zoned(zone, Millis(std::chrono::milliseconds(instantMs))).get_local_time();
    const date::year_month_day day(date::floor<date::days>(local));
    return {day.year(), day.month()};
}

// The instant the month starts in the zone (its first midnight, or the first instant
// after it where a clock change skips midnight).
std::int64_t monthStartMs(const date::time_zone* zone, const date::year_month& month)
{
    const date::local_days first{month / 1};
    const auto start = date::make_zoned(zone, first, date::choose::earliest).get_sys_time();
    return std::chrono::duration_cast<std::chrono::milliseconds>(start.time_since_epoch()).count();
}

} // namespace

ScoreSummary FeedbackReports::window(sdk::SqlRunner& db, int days, std::int64_t nowMs)
{
    ScoreSummary summary;
    const auto rows =
        db.query(std::string("SELECT ") + kTallies +
                     " FROM nps_answers WHERE answered_at >= ? AND answered_at <= ? GROUP BY score",
                 {nowMs - days * kDayMs, nowMs});
    for (std::size_t i = 0; i < rows.size(); ++i)
        addTally(summary, rows, i);
    return summary;
}

std::vector<PublishedReview> FeedbackReports::reviews(sdk::SqlRunner& db, std::int64_t beforeId, int limit)
{
    const auto rows =
        db.query(std::string("SELECT ") + AnswerStore::columns() +
                     " FROM nps_answers WHERE consent = 1 AND comment <> '' AND id < ? ORDER BY id "
                     "DESC LIMIT " +
                     std::to_string(std::max(limit, 0)),
                 {beforeId > 0 ? beforeId : INT64_MAX});
    std::vector<PublishedReview> out;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const FeedbackAnswer a = AnswerStore::read(rows, i);
        PublishedReview review;
        review.answerId = a.id;
        review.initials = authorInitials(a.authorName);
        review.caseTail = lastFourOfCaseNumber(a.caseNumber);
        review.product = a.product;
        review.productName = a.productName;
        review.score = a.score;
        review.comment = a.comment;
        review.answeredAt = a.answeredAt;
        out.push_back(std::move(review));
    }
    return out;
}

std::vector<GroupSummary> FeedbackReports::byMonth(sdk::SqlRunner& db, int months, std::int64_t nowMs,
                                                   const std::string& timeZone)
{
    if (months <= 0)
        return {};
    const date::time_zone* zone = date::locate_zone(timeZone);
    const date::year_month last = localMonth(zone, nowMs);
    const date::year_month first = last - date::months(months - 1);
    std::vector<GroupSummary> out;
    std::map<std::string, std::size_t> index;
    for (date::year_month m = first; m <= last; m += date::months(1)) {
        index[monthKey(m)] = out.size();
        out.push_back(GroupSummary{monthKey(m), monthKey(m), {}});
    }
    // Answers arrive one by one in time: their months are sorted out here, in the zone.
    const auto rows =
        db.query("SELECT answered_at, score, 1 AS answers, fit_stars AS fit_sum, CASE WHEN fit_stars "
                 "> 0 THEN 1 ELSE 0 END AS fit_count, aesthetics_stars AS aesthetics_sum, CASE WHEN "
                 "aesthetics_stars > 0 THEN 1 ELSE 0 END AS aesthetics_count, speed_stars AS "
                 "speed_sum, CASE WHEN speed_stars > 0 THEN 1 ELSE 0 END AS speed_count FROM "
                 "nps_answers WHERE answered_at >= ? AND answered_at <= ?",
                 {monthStartMs(zone, first), nowMs});
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto found = index.find(monthKey(localMonth(zone, intAt(rows, i, "answered_at"))));
        if (found != index.end())
            addTally(out[found->second].summary, rows, i);
    }
    return out;
}

std::vector<GroupSummary> FeedbackReports::byProduct(sdk::SqlRunner& db)
{
    return groupedBy(db, "product", "product_name");
}

std::vector<GroupSummary> FeedbackReports::byTechnician(sdk::SqlRunner& db)
{
    return groupedBy(db, "technician_id", "");
}

std::vector<FollowUp> FeedbackReports::openFollowUps(sdk::SqlRunner& db)
{
    return FollowUpStore::open(db);
}

std::vector<FollowUp> FeedbackReports::closedFollowUps(sdk::SqlRunner& db, int limit)
{
    return FollowUpStore::closed(db, std::max(limit, 0));
}

} // namespace molar::nps
