#include "notify/NotificationStore.h"

#include "core/Json.h"

namespace molar::host {

namespace {

const char* COLUMNS =
    "id, event_key, event, rule, user_id, channel, address, recipient_name, language, summary,"
    " content, is_sensitive, status, attempts, retries, last_error, provider_id, provider_status,"
    " provider_detail, created_at, updated_at, sent_at";

std::string text(const sdk::Value& v)
{
    return v.isNull() ? std::string() : v.asString();
}

std::int64_t number(const sdk::Value& v)
{
    return v.isNull() ? 0 : v.asInt();
}

sdk::Value contentValue(const sdk::OutgoingMessage& m, const std::string& secret)
{
    sdk::Value parameters = sdk::Value::array();
    for (const auto& p : m.templateParameters)
        parameters.push(p);
    return sdk::Value::object({{"subject", m.subject},
                               {"text", m.text},
                               {"html", m.html},
                               {"templateName", m.templateName},
                               {"templateParameters", parameters},
                               {"settingsUrl", m.settingsUrl},
                               {"secret", secret}});
}

sdk::OutgoingMessage contentFrom(const std::string& json, std::string& secret)
{
    sdk::OutgoingMessage m;
    if (json.empty())
        return m;
    const sdk::Value v = fromJson(json);
    m.subject = v.getString("subject");
    m.text = v.getString("text");
    m.html = v.getString("html");
    m.templateName = v.getString("templateName");
    if (v.has("templateParameters"))
        for (const auto& p : v.get("templateParameters").asArray())
            m.templateParameters.push_back(p.asString());
    m.settingsUrl = v.getString("settingsUrl");
    secret = v.getString("secret");
    return m;
}

StoredMessage fromRow(const sdk::ResultSet& rows, std::size_t i)
{
    const auto& r = rows.row(i);
    StoredMessage m;
    m.id = r.at(0).asInt();
    m.eventKey = text(r.at(1));
    m.event = text(r.at(2));
    m.rule = text(r.at(3));
    m.userId = number(r.at(4));
    m.channel = text(r.at(5));
    m.address = text(r.at(6));
    m.recipientName = text(r.at(7));
    m.language = text(r.at(8));
    m.summary = text(r.at(9));
    m.content = contentFrom(text(r.at(10)), m.secret);
    m.content.id = std::to_string(m.id);
    m.content.address = m.address;
    m.content.recipientName = m.recipientName;
    m.content.language = m.language;
    m.sensitive = number(r.at(11)) != 0;
    m.status = text(r.at(12));
    m.attempts = static_cast<int>(number(r.at(13)));
    m.retries = static_cast<int>(number(r.at(14)));
    m.lastError = text(r.at(15));
    m.providerId = text(r.at(16));
    m.providerStatus = text(r.at(17));
    m.providerDetail = text(r.at(18));
    m.createdAt = number(r.at(19));
    m.updatedAt = number(r.at(20));
    m.sentAt = number(r.at(21));
    return m;
}

// What a status shown to admins selects: a message being sent is still pending.
std::string statusCondition(const std::string& status, sdk::Params& params)
{
    if (status == "pending")
        return "status IN ('pending', 'sending')";
    params.push_back(status);
    return "status = ?";
}

std::string clip(const std::string& s, std::size_t n)
{
    return s.size() <= n ? s : s.substr(0, n);
}

} // namespace

std::string deliveryStateName(sdk::DeliveryState state)
{
    switch (state) {
    case sdk::DeliveryState::Sent:
        return "sent";
    case sdk::DeliveryState::Delivered:
        return "delivered";
    case sdk::DeliveryState::Read:
        return "read";
    case sdk::DeliveryState::Failed:
        return "failed";
    }
    return "sent";
}

std::int64_t NotificationStore::insertOnce(sdk::Transaction& tx, const StoredMessage& m, std::int64_t now)
{
    const std::string verb = tx.dialect() == sdk::Dialect::SQLite ? "INSERT OR IGNORE" : "INSERT IGNORE";
    const auto added = tx.execute(
        verb + " INTO molar_notifications (event_key, event, rule, user_id, channel, address, recipient_name,"
               " language, summary, content, is_sensitive, status, attempts, retries, created_at, updated_at)"
               " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, 0, ?, ?)",
        {m.eventKey, m.event, m.rule, m.userId, m.channel, clip(m.address, 320), clip(m.recipientName, 200),
         m.language, clip(m.summary, 500), toJson(contentValue(m.content, m.secret)), m.sensitive ? 1 : 0,
         now, now});
    if (added != 1)
        return 0;
    auto rows =
        tx.query("SELECT id FROM molar_notifications WHERE event_key = ? AND user_id = ? AND channel = ?",
                 {m.eventKey, m.userId, m.channel});
    return rows.row(0).at(0).asInt();
}

std::optional<StoredMessage> NotificationStore::find(std::int64_t id)
{
    auto rows = _db.query(std::string("SELECT ") + COLUMNS + " FROM molar_notifications WHERE id = ?", {id});
    if (rows.empty())
        return std::nullopt;
    return fromRow(rows, 0);
}

bool NotificationStore::claim(std::int64_t id, const std::string& token, std::int64_t now, std::int64_t until)
{
    return _db.execute("UPDATE molar_notifications SET status = 'sending', claim_token = ?, claim_until = ?,"
                       " attempts = attempts + 1, updated_at = ?"
                       " WHERE id = ? AND (status = 'pending' OR (status = 'sending' AND claim_until < ?))",
                       {token, until, now, id, now}) == 1;
}

bool NotificationStore::renewClaim(std::int64_t id, const std::string& token, std::int64_t until)
{
    return _db.execute("UPDATE molar_notifications SET claim_until = ? WHERE id = ? AND claim_token = ?"
                       " AND status = 'sending'",
                       {until, id, token}) == 1;
}

bool NotificationStore::markSent(std::int64_t id, const std::string& token, const std::string& providerId,
                                 bool erase, std::int64_t now)
{
    // A sensitive body (a reset link) is kept only until it has been sent.
    const std::string content = erase ? ", content = ''" : "";
    return _db.execute(
               "UPDATE molar_notifications SET status = 'sent', claim_token = NULL, claim_until = NULL,"
               " provider_id = ?, last_error = NULL, sent_at = ?, updated_at = ?" +
                   content + " WHERE id = ? AND claim_token = ?",
               {clip(providerId, 255), now, now, id, token}) == 1;
}

bool NotificationStore::markRetrying(std::int64_t id, const std::string& token, const std::string& error,
                                     std::int64_t now)
{
    return _db.execute(
               "UPDATE molar_notifications SET status = 'pending', claim_token = NULL, claim_until = NULL,"
               " last_error = ?, updated_at = ? WHERE id = ? AND claim_token = ?",
               {clip(error, 1000), now, id, token}) == 1;
}

bool NotificationStore::markFailed(std::int64_t id, const std::string& token, const std::string& error,
                                   std::int64_t now)
{
    return _db.execute(
               "UPDATE molar_notifications SET status = 'failed', claim_token = NULL, claim_until = NULL,"
               " last_error = ?, updated_at = ? WHERE id = ? AND claim_token = ?",
               {clip(error, 1000), now, id, token}) == 1;
}

std::optional<int> NotificationStore::reopen(sdk::Transaction& tx, std::int64_t id, std::int64_t now)
{
    if (tx.execute("UPDATE molar_notifications SET status = 'pending', attempts = 0, retries = retries + 1,"
                   " updated_at = ? WHERE id = ? AND status = 'failed'",
                   {now, id}) != 1)
        return std::nullopt;
    auto rows = tx.query("SELECT retries FROM molar_notifications WHERE id = ?", {id});
    return static_cast<int>(rows.row(0).at(0).asInt());
}

bool NotificationStore::recordDelivery(const sdk::DeliveryReport& report, std::int64_t now)
{
    // Reports arrive out of order; a later state never goes back (read after delivered).
    const std::int64_t at = report.atMillis > 0 ? report.atMillis : now;
    const std::string state = deliveryStateName(report.state);
    auto rows =
        _db.query("SELECT id, provider_status FROM molar_notifications WHERE channel = ? AND provider_id = ?",
                  {report.channel, report.providerMessageId});
    if (rows.empty())
        return false;
    static const std::vector<std::string> order{"", "sent", "delivered", "read"};
    const std::string current = text(rows.row(0).at(1));
    auto rank = [&](const std::string& s) {
        for (std::size_t i = 0; i < order.size(); ++i)
            if (order[i] == s)
                return static_cast<int>(i);
        return 10; // failed is final
    };
    if (rank(current) >= rank(state) && current != "")
        return true;
    _db.execute("UPDATE molar_notifications SET provider_status = ?, provider_detail = ?, provider_at = ?,"
                " updated_at = ? WHERE id = ?",
                {state, clip(report.detail, 1000), at, now, rows.row(0).at(0).asInt()});
    return true;
}

std::vector<StoredMessage> NotificationStore::list(const MessageQuery& q)
{
    std::string sql = std::string("SELECT ") + COLUMNS + " FROM molar_notifications WHERE 1 = 1";
    sdk::Params params;
    if (!q.status.empty())
        sql += std::string(" AND ") + statusCondition(q.status, params);
    if (q.beforeId > 0) {
        sql += " AND id < ?";
        params.push_back(q.beforeId);
    }
    sql += " ORDER BY id DESC LIMIT " + std::to_string(q.limit);
    auto rows = _db.query(sql, params);
    std::vector<StoredMessage> out;
    for (std::size_t i = 0; i < rows.size(); ++i)
        out.push_back(fromRow(rows, i));
    return out;
}

std::int64_t NotificationStore::count(const std::string& status)
{
    sdk::Params params;
    const std::string where = statusCondition(status, params);
    return _db.query("SELECT COUNT(*) FROM molar_notifications WHERE " + where, params).row(0).at(0).asInt();
}

} // namespace molar::host
