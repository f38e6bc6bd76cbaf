#include "ReferenceStore.h"

#include "Text.h"

#include "TransferReference.h"

#include "molar/sdk/Errors.h"

#include <cctype>
#include <stdexcept>

namespace molar::paybank {

namespace {

const char* const columns =
    "r.id, r.reference, r.attempt_id, r.purpose_kind, r.purpose_id, r.purpose_reference, "
    "r.description, r.organization_id, r.amount_minor, r.currency, r.created_at";

KnownReference referenceFrom(const sdk::ResultSet& rows, std::size_t i)
{
    KnownReference r;
    r.id = rows.get(i, "id").asInt();
    r.reference = rows.get(i, "reference").toString();
    r.attemptId = rows.get(i, "attempt_id").toString();
    r.purposeKind = rows.get(i, "purpose_kind").toString();
    r.purposeId = rows.get(i, "purpose_id").toString();
    r.purposeReference = rows.get(i, "purpose_reference").toString();
    r.description = rows.get(i, "description").toString();
    r.organizationId = rows.get(i, "organization_id").asInt();
    r.amountMinor = rows.get(i, "amount_minor").asInt();
    r.currency = rows.get(i, "currency").toString();
    r.createdAtMillis = rows.get(i, "created_at").asInt();
    return r;
}

const char* const receiptColumns = "id, reference_id, event_id, source, amount_minor, currency, value_date, "
                                   "bank_transaction_id, note, import_id, recorded_by, created_at";

std::string metadata(const sdk::PaymentRequest& request, const std::string& key)
{
    const auto it = request.metadata.find(key);
    return it == request.metadata.end() ? std::string() : it->second;
}

std::int64_t organizationOf(const sdk::PaymentRequest& request)
{
    try {
        return request.customerId.empty() ? 0 : std::stoll(request.customerId);
    } catch (const std::exception&) {
        return 0;
    }
}

std::vector<Receipt> receiptsFrom(const sdk::ResultSet& rows)
{
    std::vector<Receipt> out;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        Receipt r;
        r.id = rows.get(i, "id").asInt();
        r.referenceId = rows.get(i, "reference_id").asInt();
        r.eventId = rows.get(i, "event_id").toString();
        r.source = rows.get(i, "source").toString();
        r.amountMinor = rows.get(i, "amount_minor").asInt();
        r.currency = rows.get(i, "currency").toString();
        r.valueDate = rows.get(i, "value_date").toString();
        r.bankTransactionId = rows.get(i, "bank_transaction_id").toString();
        r.note = rows.get(i, "note").toString();
        r.importId = rows.get(i, "import_id").asInt();
        r.recordedBy = rows.get(i, "recorded_by").asInt();
        r.createdAtMillis = rows.get(i, "created_at").asInt();
        out.push_back(std::move(r));
    }
    return out;
}

} // namespace

ReferenceStore::ReferenceStore(sdk::Database& database, Generator generate)
    : _database(database), _generate(std::move(generate))
{
}

KnownReference ReferenceStore::referenceFor(const sdk::PaymentRequest& request, std::int64_t now)
{
    if (auto existing = byAttempt(request.idempotencyKey))
        return *existing;
    for (int tries = 0; tries < 8; ++tries) {
        const std::string reference = _generate();
        try {
            _database.insert(
                "INSERT INTO pay_bank_references (reference, attempt_id, purpose_kind, purpose_id, "
                "purpose_reference, description, organization_id, amount_minor, currency, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                {reference, request.idempotencyKey, clipCharacters(metadata(request, "purposeKind"), 32),
                 clipCharacters(metadata(request, "purposeId"), 64), clipCharacters(request.reference, 120),
                 clipCharacters(request.description, 255), organizationOf(request), request.amount.minor,
                 request.amount.currency, now});
        } catch (const sdk::DatabaseError& e) {
            if (!e.isConflict())
                throw;
            // Another call for the same attempt got there first, or the reference is taken.
            if (auto existing = byAttempt(request.idempotencyKey))
                return *existing;
            continue;
        }
        if (auto made = byAttempt(request.idempotencyKey))
            return *made;
    }
    throw std::runtime_error("no free transfer reference after 8 tries");
}

std::optional<KnownReference> ReferenceStore::byAttempt(const std::string& attemptId)
{
    auto rows = _database.query(
        std::string("SELECT ") + columns + " FROM pay_bank_references r WHERE r.attempt_id = ?", {attemptId});
    if (rows.empty())
        return std::nullopt;
    return referenceFrom(rows, 0);
}

std::optional<KnownReference> ReferenceStore::byId(std::int64_t id)
{
    auto rows = _database.query(
        std::string("SELECT ") + columns + " FROM pay_bank_references r WHERE r.id = ?", {id});
    if (rows.empty())
        return std::nullopt;
    return referenceFrom(rows, 0);
}

std::optional<KnownReference> ReferenceStore::byReference(sdk::SqlRunner& sql, const std::string& reference)
{
    auto rows = sql.query(
        std::string("SELECT ") + columns + " FROM pay_bank_references r WHERE r.reference = ?", {reference});
    if (rows.empty())
        return std::nullopt;
    return referenceFrom(rows, 0);
}

std::vector<ReferenceBalance> ReferenceStore::balances(const std::string& where, const sdk::Params& params,
                                                       const std::string& order, int limit)
{
    sdk::Params all = params;
    all.emplace_back(static_cast<std::int64_t>(limit));
    auto rows =
        _database.query(std::string("SELECT ") + columns +
                            ", (SELECT COALESCE(SUM(p.amount_minor), 0) FROM pay_bank_receipts p WHERE "
                            "p.reference_id = r.id) AS received FROM pay_bank_references r WHERE " +
                            where + " ORDER BY " + order + " LIMIT ?",
                        all);
    std::vector<ReferenceBalance> out;
    for (std::size_t i = 0; i < rows.size(); ++i)
        out.push_back({referenceFrom(rows, i), rows.get(i, "received").asInt()});
    return out;
}

std::vector<ReferenceBalance> ReferenceStore::search(const std::string& text, int limit)
{
    std::string typed = text;
    typed.erase(0, typed.find_first_not_of(" \t"));
    typed.erase(typed.find_last_not_of(" \t") + 1);
    if (typed.empty())
        return {};
    if (auto reference = TransferReference::normalize(typed))
        return balances("r.reference = ?", {*reference}, "r.id DESC", limit);
    std::string upper;
    for (char c : typed)
        upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return balances("r.purpose_reference = ? OR r.purpose_reference = ?", {typed, upper}, "r.id DESC", limit);
}

std::vector<ReferenceBalance> ReferenceStore::outstanding(int limit)
{
    return balances(
        "r.amount_minor > (SELECT COALESCE(SUM(p.amount_minor), 0) FROM pay_bank_receipts p WHERE "
        "p.reference_id = r.id)",
        {}, "r.id", limit);
}

std::int64_t ReferenceStore::received(sdk::SqlRunner& sql, std::int64_t referenceId)
{
    auto rows = sql.query("SELECT COALESCE(SUM(amount_minor), 0) AS total FROM pay_bank_receipts WHERE "
                          "reference_id = ? AND recorded = 1",
                          {referenceId});
    return rows.get(0, "total").asInt();
}

std::vector<Receipt> ReferenceStore::receipts(std::int64_t referenceId)
{
    return receiptsFrom(
        _database.query(std::string("SELECT ") + receiptColumns +
                            " FROM pay_bank_receipts WHERE reference_id = ? AND recorded = 1 ORDER BY id",
                        {referenceId}));
}

std::string ReferenceStore::bankKey(const std::string& bankTransactionId)
{
    std::string key;
    for (char c : clipCharacters(bankTransactionId, 120))
        key += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    key.erase(0, key.find_first_not_of(" \t"));
    key.erase(key.find_last_not_of(" \t") + 1);
    return key;
}

std::optional<std::pair<Receipt, bool>>
ReferenceStore::existing(sdk::Transaction& tx, const std::string& eventId, const std::string& key)
{
    std::string where;
    sdk::Params params;
    if (!eventId.empty()) {
        where = "event_id = ?";
        params.emplace_back(eventId);
    }
    if (!key.empty()) {
        where += std::string(where.empty() ? "" : " OR ") + "bank_key = ?";
        params.emplace_back(key);
    }
    if (where.empty())
        return std::nullopt;
    auto rows = tx.query(std::string("SELECT ") + receiptColumns +
                             ", recorded FROM pay_bank_receipts WHERE " + where + " ORDER BY id",
                         params);
    if (rows.empty())
        return std::nullopt;
    return std::make_pair(receiptsFrom(rows).front(), rows.get(0, "recorded").asInt() != 0);
}

ReceiptSlot ReferenceStore::addReceipt(sdk::Transaction& tx, Receipt receipt)
{
    const std::string key = bankKey(receipt.bankTransactionId);
    auto before = [&]() -> ReceiptSlot {
        auto found = existing(tx, receipt.eventId, key);
        if (!found || found->second)
            return ReceiptSlot{std::nullopt, false}; // recorded before (or gone meanwhile)
        return ReceiptSlot{found->first, false};     // left unrecorded: to be told again
    };
    if (existing(tx, receipt.eventId, key))
        return before();
    receipt.bankTransactionId = clipCharacters(receipt.bankTransactionId, 120);
    receipt.note = clipCharacters(receipt.note, 500);
    try {
        receipt.id = tx.insert(
            "INSERT INTO pay_bank_receipts (reference_id, event_id, source, amount_minor, currency, "
            "value_date, bank_transaction_id, bank_key, note, import_id, recorded_by, created_at) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            {receipt.referenceId, receipt.eventId.empty() ? sdk::Value() : sdk::Value(receipt.eventId),
             receipt.source, receipt.amountMinor, receipt.currency, receipt.valueDate,
             receipt.bankTransactionId, key.empty() ? sdk::Value() : sdk::Value(key), receipt.note,
             receipt.importId, receipt.recordedBy, receipt.createdAtMillis});
    } catch (const sdk::DatabaseError& e) {
        if (e.isConflict())
            return before(); // another import of the same line, or another clerk, got there first
        throw;
    }
    if (receipt.eventId.empty()) {
        receipt.eventId = "manual-" + std::to_string(receipt.id);
        tx.execute("UPDATE pay_bank_receipts SET event_id = ? WHERE id = ?", {receipt.eventId, receipt.id});
    }
    return ReceiptSlot{receipt, true};
}

void ReferenceStore::markRecorded(std::int64_t id)
{
    _database.execute("UPDATE pay_bank_receipts SET recorded = 1 WHERE id = ?", {id});
}

std::int64_t ReferenceStore::lastReceipt(std::int64_t referenceId)
{
    auto rows = _database.query(
        "SELECT MAX(id) AS last FROM pay_bank_receipts WHERE reference_id = ? AND recorded = 1",
        {referenceId});
    return rows.empty() || rows.get(0, "last").isNull() ? 0 : rows.get(0, "last").asInt();
}

std::vector<Receipt> ReferenceStore::untold(std::int64_t before, int limit)
{
    return receiptsFrom(_database.query(std::string("SELECT ") + receiptColumns +
                                            " FROM pay_bank_receipts WHERE recorded = 0 AND created_at < ? "
                                            "AND (source = 'statement' OR bank_key IS NOT NULL) ORDER BY id "
                                            "LIMIT " +
                                            std::to_string(limit),
                                        {before}));
}

void ReferenceStore::removeReceipt(std::int64_t id)
{
    _database.execute("DELETE FROM pay_bank_receipts WHERE id = ?", {id});
}

} // namespace molar::paybank
