#include "store/CaseStore.h"

#include "store/FieldCodec.h"

#include <utility>

namespace molar::cases {
namespace {

const char* const CASE_COLUMNS =
    "id, number, organization_id, clinic_id, owner_user_id, created_by, patient_ref, patient_name, product, "
    "workflow, status, previous_status, stage, numbering, teeth, arches, shade_guide, shade, fields, "
    "confirmed, "
    "assigned_to, hold_reason, created_at, updated_at, submitted_at, due_at, is_open, remake_of, no_charge, "
    "order_of, order_kind, version, patient_first_name, patient_last_name, patient_gender, "
    "patient_birth_date, patient_country";

// What a row of a list shows: fewer columns to read and copy than a whole case.
const char* const LIST_COLUMNS =
    "id, number, organization_id, owner_user_id, patient_ref, product, workflow, status, "
    "stage, assigned_to, created_at, updated_at, due_at";

CaseRecord listRowAt(const sdk::ResultSet& rows, std::size_t r)
{
    CaseRecord c;
    c.id = rows.get(r, "id").asInt();
    c.number = rows.get(r, "number").toString();
    c.organizationId = rows.get(r, "organization_id").asInt();
    c.ownerUserId = rows.get(r, "owner_user_id").asInt();
    c.patientRef = rows.get(r, "patient_ref").toString();
    c.product = rows.get(r, "product").toString();
    c.workflow = rows.get(r, "workflow").toString();
    c.status = rows.get(r, "status").toString();
    c.stage = rows.get(r, "stage").toString();
    c.assignedTo = rows.get(r, "assigned_to").asInt();
    c.createdAt = rows.get(r, "created_at").asInt();
    c.updatedAt = rows.get(r, "updated_at").asInt();
    c.dueAt = rows.get(r, "due_at").asInt();
    return c;
}

// A whole case: the list's columns and the rest.
CaseRecord caseAt(const sdk::ResultSet& rows, std::size_t r)
{
    CaseRecord c = listRowAt(rows, r);
    c.clinicId = rows.get(r, "clinic_id").asInt();
    c.createdBy = rows.get(r, "created_by").asInt();
    c.patientName = rows.get(r, "patient_name").toString();
    c.previousStatus = rows.get(r, "previous_status").toString();
    c.numbering = rows.get(r, "numbering").toString();
    c.teeth = rows.get(r, "teeth").toString();
    c.arches = rows.get(r, "arches").toString();
    c.shadeGuide = rows.get(r, "shade_guide").toString();
    c.shade = rows.get(r, "shade").toString();
    c.fields = decodeFields(rows.get(r, "fields").toString());
    c.confirmed = rows.get(r, "confirmed").asInt() != 0;
    c.holdReason = rows.get(r, "hold_reason").toString();
    c.submittedAt = rows.get(r, "submitted_at").asInt();
    c.isOpen = rows.get(r, "is_open").asInt() != 0;
    c.remakeOf = rows.get(r, "remake_of").asInt();
    c.orderOf = rows.get(r, "order_of").asInt();
    c.orderKind = rows.get(r, "order_kind").toString();
    c.noCharge = rows.get(r, "no_charge").asInt() != 0;
    c.version = static_cast<int>(rows.get(r, "version").asInt());
    c.patient.firstName = rows.get(r, "patient_first_name").toString();
    c.patient.lastName = rows.get(r, "patient_last_name").toString();
    c.patient.gender = rows.get(r, "patient_gender").toString();
    c.patient.birthDate = rows.get(r, "patient_birth_date").toString();
    c.patient.country = rows.get(r, "patient_country").toString();
    return c;
}

sdk::Value numberValue(const std::string& number)
{
    return number.empty() ? sdk::Value() : sdk::Value(number);
}

using ColumnValues = std::vector<std::pair<const char*, sdk::Value>>;

// The columns a change may write, with their values: update writes these, insert
// these and the ones fixed at creation. One list, so the two cannot drift apart.
ColumnValues changeableColumns(const CaseRecord& c)
{
    return {{"number", numberValue(c.number)},
            {"clinic_id", c.clinicId},
            {"owner_user_id", c.ownerUserId},
            {"patient_ref", c.patientRef},
            {"patient_name", c.patientName},
            {"patient_first_name", c.patient.firstName},
            {"patient_last_name", c.patient.lastName},
            {"patient_gender", c.patient.gender},
            {"patient_birth_date", c.patient.birthDate},
            {"patient_country", c.patient.country},
            {"product", c.product},
            {"workflow", c.workflow},
            {"status", c.status},
            {"previous_status", c.previousStatus},
            {"stage", c.stage},
            {"numbering", c.numbering},
            {"teeth", c.teeth},
            {"arches", c.arches},
            {"shade_guide", c.shadeGuide},
            {"shade", c.shade},
            {"fields", encodeFields(c.fields)},
            {"confirmed", c.confirmed ? 1 : 0},
            {"assigned_to", c.assignedTo},
            {"hold_reason", c.holdReason},
            {"updated_at", c.updatedAt},
            {"submitted_at", c.submittedAt},
            {"due_at", c.dueAt},
            {"is_open", c.isOpen ? 1 : 0}};
}

std::string placeholders(std::size_t count)
{
    std::string out;
    for (std::size_t i = 0; i < count; ++i)
        out += i ? ", ?" : "?";
    return out;
}

} // namespace

std::optional<CaseRecord> CaseStore::load(sdk::SqlRunner& db, std::int64_t id)
{
    auto rows = db.query(std::string("SELECT ") + CASE_COLUMNS + " FROM cases_cases WHERE id = ?", {id});
    if (rows.empty())
        return std::nullopt;
    return caseAt(rows, 0);
}

std::optional<CaseRecord> CaseStore::findByNumber(sdk::SqlRunner& db, const std::string& number)
{
    auto rows =
        db.query(std::string("SELECT ") + CASE_COLUMNS + " FROM cases_cases WHERE number = ?", {number});
    if (rows.empty())
        return std::nullopt;
    return caseAt(rows, 0);
}

std::int64_t CaseStore::insert(sdk::SqlRunner& db, const CaseRecord& c)
{
    ColumnValues columns{{"organization_id", c.organizationId},
                         {"created_by", c.createdBy},
                         {"created_at", c.createdAt},
                         {"remake_of", c.remakeOf},
                         {"no_charge", c.noCharge ? 1 : 0},
                         {"order_of", c.orderOf},
                         {"order_kind", c.orderKind}};
    for (auto& column : changeableColumns(c))
        columns.push_back(std::move(column));
    std::string names;
    sdk::Params params;
    for (const auto& [name, value] : columns) {
        names += std::string(name) + ", ";
        params.push_back(value);
    }
    return db.insert("INSERT INTO cases_cases (" + names + "version) VALUES (" + placeholders(params.size()) +
                         ", 0)",
                     params);
}

bool CaseStore::update(sdk::SqlRunner& db, const CaseRecord& c)
{
    std::string assignments;
    sdk::Params params;
    for (const auto& [name, value] : changeableColumns(c)) {
        assignments += std::string(name) + " = ?, ";
        params.push_back(value);
    }
    params.push_back(c.id);
    params.push_back(c.version);
    return db.execute("UPDATE cases_cases SET " + assignments +
                          "version = version + 1 WHERE id = ? AND version = ?",
                      params) == 1;
}

void CaseStore::remove(sdk::SqlRunner& db, std::int64_t id)
{
    db.execute("DELETE FROM cases_files WHERE case_id = ?", {id});
    db.execute("DELETE FROM cases_messages WHERE case_id = ?", {id});
    db.execute("DELETE FROM cases_activity WHERE case_id = ?", {id});
    db.execute("DELETE FROM cases_cases WHERE id = ?", {id});
}

std::vector<CaseRecord> CaseStore::list(sdk::SqlRunner& db, const CaseListQuery& q)
{
    std::string sql = std::string("SELECT ") + LIST_COLUMNS + " FROM cases_cases WHERE ";
    sdk::Params params;
    // The leading condition picks the index: owner, organization, or status for the lab.
    if (q.ownerUserId) {
        sql += "owner_user_id = ?";
        params.push_back(q.ownerUserId);
        if (q.organizationId) {
            sql += " AND organization_id = ?";
            params.push_back(q.organizationId);
        }
    } else if (q.organizationId) {
        sql += "organization_id = ?";
        params.push_back(q.organizationId);
    } else {
        sql += "1 = 1";
    }
    if (q.status == "open") {
        sql += " AND is_open = 1";
    } else if (!q.status.empty()) {
        sql += " AND status = ?";
        params.push_back(q.status);
    } else if (!q.includeDrafts) {
        sql += " AND status <> 'draft'";
    }
    if (!q.stage.empty()) {
        if (!q.stageStatuses.empty()) {
            sql += " AND status IN (" + placeholders(q.stageStatuses.size()) + ")";
            for (const auto& s : q.stageStatuses)
                params.push_back(s);
        }
        sql += " AND stage = ?";
        params.push_back(q.stage);
    }
    if (!q.products.empty()) {
        sql += " AND product IN (" + placeholders(q.products.size()) + ")";
        for (const auto& p : q.products)
            params.push_back(p);
    }
    if (!q.number.empty()) {
        sql += " AND number = ?";
        params.push_back(q.number);
    }
    if (!q.patientPrefix.empty()) {
        sql += " AND patient_ref LIKE ? ESCAPE '!'";
        params.push_back(sdk::escapeLike(q.patientPrefix) + "%");
    }
    const std::pair<const char*, std::int64_t> bounds[] = {{" AND created_at >= ?", q.createdFrom},
                                                           {" AND created_at < ?", q.createdTo},
                                                           {" AND updated_at >= ?", q.updatedFrom},
                                                           {" AND updated_at < ?", q.updatedTo}};
    for (const auto& [condition, value] : bounds) {
        if (value) {
            sql += condition;
            params.push_back(value);
        }
    }
    if (q.afterId) {
        // A range on updated_at that both databases can take from the index, then the tie-break.
        sql += " AND updated_at <= ? AND (updated_at < ? OR id < ?)";
        params.push_back(q.afterUpdatedAt);
        params.push_back(q.afterUpdatedAt);
        params.push_back(q.afterId);
    }
    sql += " ORDER BY updated_at DESC, id DESC LIMIT " + std::to_string(q.limit);
    auto rows = db.query(sql, params);
    std::vector<CaseRecord> out;
    out.reserve(rows.size());
    for (std::size_t r = 0; r < rows.size(); ++r)
        out.push_back(listRowAt(rows, r));
    return out;
}

std::map<std::string, std::int64_t> CaseStore::countByStage(sdk::SqlRunner& db, std::int64_t organizationId,
                                                            std::int64_t ownerUserId)
{
    auto rows = ownerUserId
                    ? db.query("SELECT stage, COUNT(*) AS n FROM cases_cases WHERE owner_user_id = ? "
                               "AND organization_id = ? GROUP BY stage",
                               {ownerUserId, organizationId})
                    : db.query("SELECT stage, COUNT(*) AS n FROM cases_cases WHERE organization_id = ? "
                               "GROUP BY stage",
                               {organizationId});
    std::map<std::string, std::int64_t> counts;
    for (std::size_t r = 0; r < rows.size(); ++r)
        counts[rows.get(r, "stage").toString()] = rows.get(r, "n").asInt();
    return counts;
}

std::map<std::string, std::int64_t> CaseStore::countOpenByStatus(sdk::SqlRunner& db)
{
    auto rows = db.query("SELECT status, COUNT(*) AS n FROM cases_cases WHERE is_open = 1 GROUP BY status");
    std::map<std::string, std::int64_t> counts;
    for (std::size_t r = 0; r < rows.size(); ++r)
        counts[rows.get(r, "status").toString()] = rows.get(r, "n").asInt();
    return counts;
}

void CaseStore::addActivity(sdk::SqlRunner& db, const Activity& a)
{
    db.insert(
        "INSERT INTO cases_activity (case_id, kind, at, actor_user_id, actor_label, from_status, to_status, "
        "summary, link, summary_key, summary_fields) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {a.caseId, a.kind, a.at, a.actorUserId, a.actorLabel, a.fromStatus, a.toStatus, a.summary, a.link,
         a.summaryKey.empty() ? sdk::Value() : sdk::Value(a.summaryKey),
         a.summaryKey.empty() ? sdk::Value() : sdk::Value(encodeSummary(a))});
}

std::vector<Activity> CaseStore::activity(sdk::SqlRunner& db, std::int64_t caseId, int limit)
{
    auto rows = db.query(
        "SELECT id, case_id, kind, at, actor_user_id, actor_label, from_status, to_status, summary, "
        "link, summary_key, summary_fields FROM cases_activity WHERE case_id = ? ORDER BY id DESC LIMIT " +
            std::to_string(limit),
        {caseId});
    std::vector<Activity> out;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        Activity a;
        a.id = rows.get(r, "id").asInt();
        a.caseId = rows.get(r, "case_id").asInt();
        a.kind = rows.get(r, "kind").toString();
        a.at = rows.get(r, "at").asInt();
        a.actorUserId = rows.get(r, "actor_user_id").asInt();
        a.actorLabel = rows.get(r, "actor_label").toString();
        a.fromStatus = rows.get(r, "from_status").toString();
        a.toStatus = rows.get(r, "to_status").toString();
        a.summary = rows.get(r, "summary").toString();
        a.link = rows.get(r, "link").toString();
        a.summaryKey = rows.get(r, "summary_key").toString();
        if (!a.summaryKey.empty())
            decodeSummary(rows.get(r, "summary_fields").toString(), a);
        out.push_back(a);
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> CaseStore::statusMoves(sdk::SqlRunner& db,
                                                                        std::int64_t caseId, int limit)
{
    auto rows = db.query("SELECT from_status, to_status FROM cases_activity WHERE case_id = ? AND kind IN "
                         "('status', 'submitted') ORDER BY id DESC LIMIT " +
                             std::to_string(limit),
                         {caseId});
    std::vector<std::pair<std::string, std::string>> moves;
    moves.reserve(rows.size());
    for (std::size_t r = 0; r < rows.size(); ++r)
        moves.emplace_back(rows.get(r, "from_status").toString(), rows.get(r, "to_status").toString());
    return moves;
}

std::int64_t CaseStore::enteredStatusAt(sdk::SqlRunner& db, std::int64_t caseId, const std::string& status)
{
    auto rows =
        db.query("SELECT at FROM cases_activity WHERE case_id = ? AND kind = 'status' AND to_status = ? "
                 "ORDER BY id DESC LIMIT 1",
                 {caseId, status});
    return rows.empty() ? 0 : rows.get(0, "at").asInt();
}

std::int64_t CaseStore::addMessage(sdk::SqlRunner& db, const Message& m)
{
    return db.insert("INSERT INTO cases_messages (case_id, author_user_id, author_label, author_side, body, "
                     "created_at) VALUES (?, ?, ?, ?, ?, ?)",
                     {m.caseId, m.authorUserId, m.authorLabel, m.authorSide, m.body, m.createdAt});
}

std::vector<Message> CaseStore::messages(sdk::SqlRunner& db, std::int64_t caseId)
{
    auto rows = db.query("SELECT id, case_id, author_user_id, author_label, author_side, body, created_at "
                         "FROM cases_messages WHERE case_id = ? ORDER BY id",
                         {caseId});
    std::vector<Message> out;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        Message m;
        m.id = rows.get(r, "id").asInt();
        m.caseId = caseId;
        m.authorUserId = rows.get(r, "author_user_id").asInt();
        m.authorLabel = rows.get(r, "author_label").toString();
        m.authorSide = rows.get(r, "author_side").toString();
        m.body = rows.get(r, "body").toString();
        m.createdAt = rows.get(r, "created_at").asInt();
        out.push_back(m);
    }
    return out;
}

namespace {

const char* const FILE_COLUMNS =
    "id, case_id, message_id, slot, original_name, store_key, kind, format, media_type, "
    "size, uploaded_by, uploaded_at";

CaseFile fileAt(const sdk::ResultSet& rows, std::size_t r)
{
    CaseFile f;
    f.id = rows.get(r, "id").asInt();
    f.caseId = rows.get(r, "case_id").asInt();
    f.messageId = rows.get(r, "message_id").asInt();
    f.slot = rows.get(r, "slot").toString();
    f.originalName = rows.get(r, "original_name").toString();
    f.storeKey = rows.get(r, "store_key").toString();
    f.kind = rows.get(r, "kind").toString();
    f.format = rows.get(r, "format").toString();
    f.mediaType = rows.get(r, "media_type").toString();
    f.size = rows.get(r, "size").asInt();
    f.uploadedBy = rows.get(r, "uploaded_by").asInt();
    f.uploadedAt = rows.get(r, "uploaded_at").asInt();
    return f;
}

} // namespace

std::int64_t CaseStore::addFile(sdk::SqlRunner& db, const CaseFile& f)
{
    return db.insert(
        "INSERT INTO cases_files (case_id, message_id, slot, original_name, store_key, kind, format, "
        "media_type, size, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {f.caseId, f.messageId, f.slot, f.originalName, f.storeKey, f.kind, f.format, f.mediaType, f.size,
         f.uploadedBy, f.uploadedAt});
}

std::vector<CaseFile> CaseStore::files(sdk::SqlRunner& db, std::int64_t caseId)
{
    auto rows = db.query(
        std::string("SELECT ") + FILE_COLUMNS + " FROM cases_files WHERE case_id = ? ORDER BY id", {caseId});
    std::vector<CaseFile> out;
    for (std::size_t r = 0; r < rows.size(); ++r)
        out.push_back(fileAt(rows, r));
    return out;
}

std::int64_t CaseStore::fileCount(sdk::SqlRunner& db, std::int64_t caseId)
{
    return db.query("SELECT COUNT(*) AS n FROM cases_files WHERE case_id = ?", {caseId}).get(0, "n").asInt();
}

std::optional<CaseFile> CaseStore::file(sdk::SqlRunner& db, std::int64_t caseId, std::int64_t fileId)
{
    auto rows =
        db.query(std::string("SELECT ") + FILE_COLUMNS + " FROM cases_files WHERE id = ? AND case_id = ?",
                 {fileId, caseId});
    if (rows.empty())
        return std::nullopt;
    return fileAt(rows, 0);
}

} // namespace molar::cases
