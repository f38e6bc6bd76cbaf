#include "ledger/CreditLedger.h"

#include "ledger/CreditRefusal.h"

#include <limits>
#include <stdexcept>

namespace molar::credits {

namespace {

const std::string kAccountColumns =
    "SELECT organization_id, currency, balance_minor, threshold_minor, armed, crossings, auto_enabled, "
    "auto_pack, auto_method_id, auto_failures, discount_basis_points, updated_by, updated_at "
    "FROM credits_accounts ";

const std::string kEntryColumns =
    "SELECT id, organization_id, kind, amount_minor, currency, balance_after_minor, source_key, case_id, "
    "case_number, invoice_id, topup_id, attempt_id, reason, reason_key, reason_fields, actor_user_id, "
    "actor_name, created_at "
    "FROM credits_ledger ";

CreditAccount accountFrom(const sdk::ResultSet& rows, std::size_t i)
{
    CreditAccount a;
    a.organizationId = rows.get(i, "organization_id").asInt();
    a.currency = rows.get(i, "currency").toString();
    a.balanceMinor = rows.get(i, "balance_minor").asInt();
    a.thresholdMinor = rows.get(i, "threshold_minor").asInt();
    a.armed = rows.get(i, "armed").asInt() != 0;
    a.crossings = rows.get(i, "crossings").asInt();
    a.autoEnabled = rows.get(i, "auto_enabled").asInt() != 0;
    a.autoPack = rows.get(i, "auto_pack").toString();
    a.autoMethodId = rows.get(i, "auto_method_id").toString();
    a.autoFailures = static_cast<int>(rows.get(i, "auto_failures").asInt());
    a.discountBasisPoints = static_cast<int>(rows.get(i, "discount_basis_points").asInt());
    a.updatedBy = rows.get(i, "updated_by").asInt();
    a.updatedAt = rows.get(i, "updated_at").asInt();
    return a;
}

LedgerEntry entryFrom(const sdk::ResultSet& rows, std::size_t i)
{
    LedgerEntry e;
    e.id = rows.get(i, "id").asInt();
    e.organizationId = rows.get(i, "organization_id").asInt();
    e.kind = rows.get(i, "kind").toString();
    e.amountMinor = rows.get(i, "amount_minor").asInt();
    e.currency = rows.get(i, "currency").toString();
    e.balanceAfterMinor = rows.get(i, "balance_after_minor").asInt();
    e.sourceKey = rows.get(i, "source_key").toString();
    e.caseId = rows.get(i, "case_id").asInt();
    e.caseNumber = rows.get(i, "case_number").toString();
    e.invoiceId = rows.get(i, "invoice_id").asInt();
    e.topupId = rows.get(i, "topup_id").asInt();
    e.attemptId = rows.get(i, "attempt_id").toString();
    e.reason = rows.get(i, "reason").toString();
    e.words.key = rows.get(i, "reason_key").toString();
    if (!e.words.key.empty())
        e.words.fields = ReasonWords::decodeFields(rows.get(i, "reason_fields").toString());
    e.actorUserId = rows.get(i, "actor_user_id").asInt();
    e.actorName = rows.get(i, "actor_name").toString();
    e.createdAt = rows.get(i, "created_at").asInt();
    return e;
}

bool isKind(const std::string& kind)
{
    return kind == EntryKind::TopUp || kind == EntryKind::Debit || kind == EntryKind::DebitReturn ||
           kind == EntryKind::TopUpRefund || kind == EntryKind::Adjustment;
}

// Cut to the column's width on a character boundary (UTF-8), never in the middle of one.
std::string clip(const std::string& text, std::size_t bytes)
{
    if (text.size() <= bytes)
        return text;
    std::size_t end = bytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
        --end;
    return text.substr(0, end);
}

} // namespace

void CreditLedger::ensureAccount(sdk::SqlRunner& db, std::int64_t organizationId, std::int64_t now) const
{
    const std::string exists = "SELECT organization_id FROM credits_accounts WHERE organization_id = ?";
    if (!db.query(exists, {organizationId}).empty())
        return;
    try {
        db.execute("INSERT INTO credits_accounts (organization_id, currency, threshold_minor, updated_at) "
                   "VALUES (?, ?, ?, ?)",
                   {organizationId, _currency, _defaultThresholdMinor, now});
    } catch (const std::exception&) {
        // A concurrent creator won: its row is as good as ours.
        if (db.query(exists, {organizationId}).empty())
            throw;
    }
}

CreditAccount CreditLedger::lock(sdk::Transaction& tx, std::int64_t organizationId, std::int64_t now) const
{
    if (tx.dialect() == sdk::Dialect::SQLite) {
        // BEGIN IMMEDIATE: this transaction already holds the database's write lock.
        tx.execute("INSERT OR IGNORE INTO credits_accounts (organization_id, currency, threshold_minor, "
                   "updated_at) VALUES (?, ?, ?, ?)",
                   {organizationId, _currency, _defaultThresholdMinor, now});
        return accountFrom(tx.query(kAccountColumns + "WHERE organization_id = ?", {organizationId}), 0);
    }
    // MySQL: an insert that, on an existing row, takes its exclusive lock at once (ON
    // DUPLICATE KEY UPDATE), so the first debits of a new organization queue on the row. A
    // locking read of a missing row would take a gap lock instead, and two such readers
    // inserting next would deadlock.
    tx.execute("INSERT INTO credits_accounts (organization_id, currency, threshold_minor, updated_at) "
               "VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE organization_id = organization_id",
               {organizationId, _currency, _defaultThresholdMinor, now});
    return accountFrom(tx.query(kAccountColumns + "WHERE organization_id = ? FOR UPDATE", {organizationId}),
                       0);
}

CreditAccount CreditLedger::account(sdk::SqlRunner& db, std::int64_t organizationId) const
{
    auto rows = db.query(kAccountColumns + "WHERE organization_id = ?", {organizationId});
    if (!rows.empty())
        return accountFrom(rows, 0);
    CreditAccount none;
    none.organizationId = organizationId;
    none.currency = _currency;
    none.thresholdMinor = _defaultThresholdMinor;
    return none;
}

std::vector<CreditAccount> CreditLedger::accounts(sdk::SqlRunner& db) const
{
    auto rows = db.query(kAccountColumns + "ORDER BY organization_id");
    std::vector<CreditAccount> out;
    out.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i)
        out.push_back(accountFrom(rows, i));
    return out;
}

void CreditLedger::saveSettings(sdk::Transaction& tx, const CreditAccount& locked) const
{
    tx.execute("UPDATE credits_accounts SET threshold_minor = ?, armed = ?, crossings = ?, auto_enabled = ?, "
               "auto_pack = ?, auto_method_id = ?, auto_failures = ?, discount_basis_points = ?, "
               "updated_by = ?, updated_at = ? WHERE organization_id = ?",
               {locked.thresholdMinor, locked.armed ? 1 : 0, locked.crossings, locked.autoEnabled ? 1 : 0,
                locked.autoPack, locked.autoMethodId, locked.autoFailures, locked.discountBasisPoints,
                locked.updatedBy, locked.updatedAt, locked.organizationId});
}

std::optional<LedgerEntry> CreditLedger::append(sdk::Transaction& tx, CreditAccount& locked,
                                                LedgerEntry entry) const
{
    if (entry.sourceKey.empty() || entry.sourceKey.size() > 160)
        throw std::invalid_argument("a ledger entry needs a source key of 1 to 160 characters");
    if (!isKind(entry.kind))
        throw std::invalid_argument("unknown ledger entry kind '" + entry.kind + "'");
    if (entry.createdAt <= 0)
        throw std::invalid_argument("a ledger entry needs its time (createdAt)");
    if (entry.amountMinor == 0)
        throw std::invalid_argument("a ledger entry moves a non-zero amount");

    // The account's lock orders every writer of this organization's entries, so a source
    // seen here was committed before: a replay, which changes nothing. (The unique index
    // is the last guard against a caller that forgot to lock.)
    if (!tx.query("SELECT id FROM credits_ledger WHERE source_key = ?", {entry.sourceKey}).empty())
        return std::nullopt;

    const std::int64_t limit = std::numeric_limits<std::int64_t>::max();
    if (entry.amountMinor > 0 && locked.balanceMinor > limit - entry.amountMinor)
        throw CreditRefusal(422, "credits.error.tooLarge");
    const std::int64_t after = locked.balanceMinor + entry.amountMinor;
    if (after < 0)
        throw CreditRefusal(409, "credits.error.insufficient");

    entry.organizationId = locked.organizationId;
    entry.currency = locked.currency.empty() ? _currency : locked.currency;
    entry.balanceAfterMinor = after;
    entry.reason = clip(entry.reason, 500);
    entry.actorName = clip(entry.actorName, 200);
    entry.caseNumber = clip(entry.caseNumber, 32);
    entry.id = tx.insert(
        "INSERT INTO credits_ledger (organization_id, kind, amount_minor, currency, balance_after_minor, "
        "source_key, case_id, case_number, invoice_id, topup_id, attempt_id, reason, reason_key, "
        "reason_fields, actor_user_id, actor_name, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {entry.organizationId, entry.kind, entry.amountMinor, entry.currency, entry.balanceAfterMinor,
         entry.sourceKey, entry.caseId, entry.caseNumber, entry.invoiceId, entry.topupId, entry.attemptId,
         entry.reason, entry.words.key, entry.words.encodedFields(), entry.actorUserId, entry.actorName,
         entry.createdAt});
    tx.execute("UPDATE credits_accounts SET balance_minor = ? WHERE organization_id = ?",
               {after, locked.organizationId});
    locked.balanceMinor = after;
    return entry;
}

std::int64_t CreditLedger::ledgerSum(sdk::SqlRunner& db, std::int64_t organizationId) const
{
    // MySQL's SUM of BIGINTs is a DECIMAL: cast back to an integer.
    auto rows = db.query("SELECT CAST(COALESCE(SUM(amount_minor), 0) AS SIGNED) AS total FROM credits_ledger "
                         "WHERE organization_id = ?",
                         {organizationId});
    return rows.get(0, "total").asInt();
}

std::optional<LedgerEntry> CreditLedger::entryBySource(sdk::SqlRunner& db, const std::string& sourceKey) const
{
    auto rows = db.query(kEntryColumns + "WHERE source_key = ?", {sourceKey});
    if (rows.empty())
        return std::nullopt;
    return entryFrom(rows, 0);
}

std::vector<LedgerEntry> CreditLedger::entries(sdk::SqlRunner& db, std::int64_t organizationId,
                                               const Filter& filter) const
{
    std::string sql = kEntryColumns + "WHERE organization_id = ?";
    sdk::Params params{organizationId};
    if (!filter.kind.empty()) {
        sql += " AND kind = ?";
        params.emplace_back(filter.kind);
    }
    if (filter.fromMs != 0) {
        sql += " AND created_at >= ?";
        params.emplace_back(filter.fromMs);
    }
    if (filter.toMs != 0) {
        sql += " AND created_at < ?";
        params.emplace_back(filter.toMs);
    }
    if (filter.beforeId > 0) {
        sql += " AND id < ?";
        params.emplace_back(filter.beforeId);
    }
    sql += " ORDER BY id DESC";
    if (filter.limit > 0) {
        sql += " LIMIT ?";
        params.emplace_back(std::int64_t(filter.limit));
    }
    auto rows = db.query(sql, params);
    std::vector<LedgerEntry> out;
    out.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i)
        out.push_back(entryFrom(rows, i));
    return out;
}

} // namespace molar::credits
