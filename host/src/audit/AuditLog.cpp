#include "audit/AuditLog.h"

#include "core/Clocks.h"

#include <algorithm>
#include <ctime>
#include <stdexcept>

namespace molar::host {

namespace {

// Column lengths of molar_audit, in characters.
constexpr std::size_t kLabelChars = 200;
constexpr std::size_t kAddressChars = 64;
constexpr std::size_t kActionChars = 100;
constexpr std::size_t kObjectTypeChars = 50;
constexpr std::size_t kObjectIdChars = 100;
constexpr std::size_t kDetailChars = 1000;

constexpr int kExportPage = 500;
constexpr int kMaxLimit = 1000;

const char* const kReplacement = "\xEF\xBF\xBD"; // U+FFFD
const char* const kEllipsis = "\xE2\x80\xA6";    // U+2026

// The length of the valid UTF-8 sequence starting at text[i], or 0 when the bytes
// there are not one (stray continuation, overlong form, surrogate, past U+10FFFF).
std::size_t sequenceLength(const std::string& text, std::size_t i)
{
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    if (lead < 0x80)
        return 1;
    std::size_t length;
    unsigned char low = 0x80, high = 0xBF; // the allowed range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF)
        length = 2;
    else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0)
            low = 0xA0;
        else if (lead == 0xED)
            high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0)
            low = 0x90;
        else if (lead == 0xF4)
            high = 0x8F;
    } else
        return 0;
    if (i + length > text.size())
        return 0;
    if (byte(i + 1) < low || byte(i + 1) > high)
        return 0;
    for (std::size_t k = 2; k < length; ++k)
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF)
            return 0;
    return length;
}

// Valid UTF-8 of at most `limit` characters, cut with an ellipsis. MySQL counts
// VARCHAR lengths in characters and, in strict mode, refuses invalid bytes; either
// would otherwise fail the caller's whole transaction over an audit note.
std::string fitted(const std::string& text, std::size_t limit)
{
    std::string out;
    out.reserve(std::min(text.size(), limit * 4));
    std::size_t characters = 0;
    std::size_t cutAt = 0; // the byte length after limit - 1 characters
    for (std::size_t i = 0; i < text.size();) {
        if (characters == limit - 1)
            cutAt = out.size();
        if (characters == limit) {
            out.resize(cutAt);
            return out + kEllipsis;
        }
        const std::size_t length = sequenceLength(text, i);
        if (length == 0 || text[i] == '\0') {
            out += kReplacement;
            ++i;
        } else {
            out.append(text, i, length);
            i += length;
        }
        ++characters;
    }
    return out;
}

// What an admin typed, made valid UTF-8 (never cut): MySQL refuses to compare a
// column with invalid bytes.
std::string validText(const std::string& text)
{
    return fitted(text, text.size() + 1);
}

sdk::Value nullIfZero(std::int64_t value)
{
    return value == 0 ? sdk::Value() : sdk::Value(value);
}

// One CSV field. A leading = + - @ tab or carriage return would make a
// spreadsheet run the cell as a formula (OWASP's CSV injection); an apostrophe
// keeps it text. Quoted when it holds a separator, a quote or a line break.
std::string csvField(const std::string& text)
{
    std::string value = text;
    if (!value.empty() && std::string("=+-@\t\r").find(value.front()) != std::string::npos)
        value.insert(0, 1, '\'');
    if (value.find_first_of(",\"\r\n") == std::string::npos)
        return value;
    std::string quoted = "\"";
    for (char c : value) {
        if (c == '"')
            quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

AuditRecord toRecord(const sdk::ResultSet& rows, std::size_t r)
{
    const auto& row = rows.row(r);
    const auto integer = [&](std::size_t c) { return row.at(c).isNull() ? 0 : row.at(c).asInt(); };
    AuditRecord record;
    record.id = integer(0);
    record.atMs = integer(1);
    record.actorUserId = integer(2);
    record.actorLabel = row.at(3).toString();
    record.address = row.at(4).toString();
    record.action = row.at(5).toString();
    record.objectType = row.at(6).toString();
    record.objectId = row.at(7).toString();
    record.organizationId = integer(8);
    record.detail = row.at(9).toString();
    return record;
}

} // namespace

AuditLog::AuditLog(PooledDatabase& database, const sdk::Clock& clock) : _database(database), _clock(clock) {}

void AuditLog::record(sdk::Transaction& tx, const sdk::Actor& actor, const sdk::AuditEntry& entry)
{
    if (entry.action.find_first_not_of(" \t\r\n") == std::string::npos)
        throw std::invalid_argument("an audit entry needs an action");
    tx.execute("INSERT INTO molar_audit (at, actor_user_id, actor_label, address, action, object_type, "
               "object_id, organization_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
               {millisSinceEpoch(_clock.now()), nullIfZero(actor.userId), fitted(actor.label, kLabelChars),
                fitted(actor.address, kAddressChars), fitted(entry.action, kActionChars),
                fitted(entry.objectType, kObjectTypeChars), fitted(entry.objectId, kObjectIdChars),
                nullIfZero(entry.organizationId), fitted(entry.detail, kDetailChars)});
}

std::vector<AuditRecord> AuditLog::search(const AuditQuery& query)
{
    // Only '?' placeholders reach the SQL text; every value the user typed is bound.
    std::string where;
    sdk::Params params;
    const auto filter = [&](const std::string& condition, sdk::Value value) {
        where += where.empty() ? " WHERE " : " AND ";
        where += condition;
        params.push_back(std::move(value));
    };
    if (!query.actor.empty())
        // LOWER on both sides: SQLite's LIKE ignores ASCII case only, and a MySQL
        // column with a binary collation would not ignore it at all.
        filter("LOWER(actor_label) LIKE LOWER(?) ESCAPE '!'",
               "%" + sdk::escapeLike(validText(query.actor)) + "%");
    if (!query.action.empty()) {
        if (query.action.back() == '*') {
            const std::string prefix = query.action.substr(0, query.action.size() - 1);
            if (!prefix.empty())
                filter("action LIKE ? ESCAPE '!'", sdk::escapeLike(validText(prefix)) + "%");
        } else
            filter("action = ?", validText(query.action));
    }
    if (!query.objectType.empty())
        filter("object_type = ?", validText(query.objectType));
    if (!query.objectId.empty())
        filter("object_id = ?", validText(query.objectId));
    if (query.organizationId != 0)
        filter("organization_id = ?", query.organizationId);
    if (query.fromMs != 0)
        filter("at >= ?", query.fromMs);
    if (query.toMs != 0)
        filter("at < ?", query.toMs);
    if (query.beforeId != 0)
        filter("id < ?", query.beforeId);
    params.push_back(query.limit < 1 ? 50 : std::min(query.limit, kMaxLimit));

    auto rows = _database.query("SELECT id, at, actor_user_id, actor_label, address, action, object_type, "
                                "object_id, organization_id, detail FROM molar_audit" +
                                    where + " ORDER BY id DESC LIMIT ?",
                                params);
    std::vector<AuditRecord> out;
    out.reserve(rows.size());
    for (std::size_t r = 0; r < rows.size(); ++r)
        out.push_back(toRecord(rows, r));
    return out;
}

void AuditLog::exportCsv(const AuditQuery& query, std::ostream& out)
{
    out << "id,time_utc,actor,address,action,object_type,object_id,organization_id,detail\r\n";
    AuditQuery page = query;
    page.limit = kExportPage;
    for (;;) {
        const auto records = search(page);
        for (const auto& r : records) {
            out << r.id << ',' << isoUtc(r.atMs) << ',' << csvField(r.actorLabel) << ','
                << csvField(r.address) << ',' << csvField(r.action) << ',' << csvField(r.objectType) << ','
                << csvField(r.objectId) << ','
                << (r.organizationId != 0 ? std::to_string(r.organizationId) : "") << ','
                << csvField(r.detail) << "\r\n";
        }
        if (records.size() < static_cast<std::size_t>(kExportPage) || !out)
            break;
        page.beforeId = records.back().id;
    }
    out.flush();
}

std::string AuditLog::isoUtc(std::int64_t epochMs)
{
    // Floor division, so a time before 1970 still lands in the right second.
    std::int64_t seconds = epochMs / 1000;
    if (epochMs % 1000 < 0)
        --seconds;
    const std::time_t t = static_cast<std::time_t>(seconds);
    std::tm utc{};
    gmtime_r(&t, &utc);
    char text[32];
    const std::size_t n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return std::string(text, n);
}

} // namespace molar::host
