#include "payments/PaymentStore.h"

namespace molar::host {

namespace {

const char* const COLUMNS =
    "id, provider, purpose_kind, purpose_id, organization_id, reference, description, amount_minor, currency,"
    " state, provider_payment_id, payer_reference, captured_minor, refunded_minor, failure_code, created_at,"
    " updated_at";

const std::pair<sdk::PaymentState, const char*> STATE_NAMES[] = {
    {sdk::PaymentState::Pending, "pending"},       {sdk::PaymentState::RequiresAction, "requires_action"},
    {sdk::PaymentState::Authorized, "authorized"}, {sdk::PaymentState::Succeeded, "succeeded"},
    {sdk::PaymentState::Failed, "failed"},         {sdk::PaymentState::Canceled, "canceled"},
    {sdk::PaymentState::Unknown, "unknown"},
};

std::string text(const sdk::Value& v)
{
    return v.isNull() ? std::string() : v.asString();
}

std::int64_t number(const sdk::Value& v)
{
    return v.isNull() ? 0 : v.asInt();
}

// Values from a provider are cut to their column, so an odd one cannot fail the transaction.
std::string clip(const std::string& s, std::size_t n)
{
    return s.size() <= n ? s : s.substr(0, n);
}

sdk::Value orNull(const std::string& s, std::size_t n)
{
    return s.empty() ? sdk::Value() : sdk::Value(clip(s, n));
}

std::vector<sdk::PaymentAttempt> attemptsFrom(const sdk::ResultSet& rows)
{
    std::vector<sdk::PaymentAttempt> out;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& r = rows.row(i);
        sdk::PaymentAttempt a;
        a.id = text(r.at(0));
        a.provider = text(r.at(1));
        a.purpose.kind = text(r.at(2));
        a.purpose.id = text(r.at(3));
        a.purpose.organizationId = number(r.at(4));
        a.purpose.reference = text(r.at(5));
        a.purpose.description = text(r.at(6));
        a.amount.minor = number(r.at(7));
        a.amount.currency = text(r.at(8));
        a.state = paymentStateFrom(text(r.at(9)));
        a.providerPaymentId = text(r.at(10));
        a.payerReference = text(r.at(11));
        a.capturedMinor = number(r.at(12));
        a.refundedMinor = number(r.at(13));
        a.failureCode = text(r.at(14));
        a.createdAtMillis = number(r.at(15));
        a.updatedAtMillis = number(r.at(16));
        out.push_back(std::move(a));
    }
    return out;
}

std::string insertIgnore(sdk::Transaction& tx)
{
    return tx.dialect() == sdk::Dialect::SQLite ? "INSERT OR IGNORE" : "INSERT IGNORE";
}

} // namespace

std::string paymentStateName(sdk::PaymentState state)
{
    for (const auto& [s, name] : STATE_NAMES)
        if (s == state)
            return name;
    return "unknown";
}

sdk::PaymentState paymentStateFrom(const std::string& name)
{
    for (const auto& [s, n] : STATE_NAMES)
        if (name == n)
            return s;
    return sdk::PaymentState::Unknown;
}

std::string paymentEventKindName(sdk::PaymentEventKind kind)
{
    switch (kind) {
    case sdk::PaymentEventKind::Succeeded:
        return "succeeded";
    case sdk::PaymentEventKind::Failed:
        return "failed";
    case sdk::PaymentEventKind::Authorized:
        return "authorized";
    case sdk::PaymentEventKind::Canceled:
        return "canceled";
    case sdk::PaymentEventKind::Refunded:
        return "refunded";
    case sdk::PaymentEventKind::DisputeOpened:
        return "dispute_opened";
    case sdk::PaymentEventKind::DisputeClosed:
        return "dispute_closed";
    case sdk::PaymentEventKind::MethodSaved:
        return "method_saved";
    }
    return "unknown";
}

void PaymentStore::insertAttempt(sdk::Transaction& tx, const sdk::PaymentAttempt& a)
{
    tx.execute("INSERT INTO molar_payment_attempts (id, provider, purpose_kind, purpose_id, organization_id,"
               " reference, description, amount_minor, currency, state, captured_minor, refunded_minor,"
               " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?)",
               {a.id, a.provider, a.purpose.kind, a.purpose.id, a.purpose.organizationId,
                clip(a.purpose.reference, 120), clip(a.purpose.description, 500), a.amount.minor,
                a.amount.currency, paymentStateName(a.state), a.createdAtMillis, a.updatedAtMillis});
}

std::optional<sdk::PaymentAttempt> PaymentStore::find(sdk::SqlRunner& sql, const std::string& id)
{
    auto found = attemptsFrom(
        sql.query(std::string("SELECT ") + COLUMNS + " FROM molar_payment_attempts WHERE id = ?", {id}));
    if (found.empty())
        return std::nullopt;
    return found.front();
}

std::optional<sdk::PaymentAttempt> PaymentStore::lock(sdk::Transaction& tx, const std::string& id)
{
    // SQLite's transactions hold the write lock from their start (BEGIN IMMEDIATE).
    const std::string forUpdate = tx.dialect() == sdk::Dialect::MySQL ? " FOR UPDATE" : "";
    auto found = attemptsFrom(tx.query(
        std::string("SELECT ") + COLUMNS + " FROM molar_payment_attempts WHERE id = ?" + forUpdate, {id}));
    if (found.empty())
        return std::nullopt;
    return found.front();
}

std::vector<sdk::PaymentAttempt> PaymentStore::forPurpose(sdk::SqlRunner& sql, const std::string& kind,
                                                          const std::string& id)
{
    return attemptsFrom(sql.query(std::string("SELECT ") + COLUMNS +
                                      " FROM molar_payment_attempts WHERE purpose_kind = ? AND purpose_id = ?"
                                      " ORDER BY created_at, id",
                                  {kind, id}));
}

std::string PaymentStore::attemptOfPayment(sdk::Transaction& tx, const std::string& provider,
                                           const std::string& providerPaymentId)
{
    if (providerPaymentId.empty())
        return "";
    auto rows =
        tx.query("SELECT id FROM molar_payment_attempts WHERE provider = ? AND provider_payment_id = ?"
                 " ORDER BY created_at LIMIT 1",
                 {provider, clip(providerPaymentId, 190)});
    if (!rows.empty())
        return text(rows.row(0).at(0));
    rows = tx.query("SELECT attempt_id FROM molar_payment_receipts WHERE provider = ? AND kind = 'payment'"
                    " AND money_key = ?",
                    {provider, clip(providerPaymentId, 190)});
    return rows.empty() ? std::string() : text(rows.row(0).at(0));
}

void PaymentStore::update(sdk::Transaction& tx, const sdk::PaymentAttempt& a)
{
    tx.execute("UPDATE molar_payment_attempts SET state = ?, provider_payment_id = ?, payer_reference = ?,"
               " captured_minor = ?, refunded_minor = ?, failure_code = ?, updated_at = ? WHERE id = ?",
               {paymentStateName(a.state), orNull(a.providerPaymentId, 190), orNull(a.payerReference, 120),
                a.capturedMinor, a.refundedMinor, orNull(a.failureCode, 100), a.updatedAtMillis, a.id});
}

bool PaymentStore::insertEvent(sdk::Transaction& tx, const std::string& provider, const sdk::PaymentEvent& e,
                               std::int64_t now)
{
    return tx.execute(
               insertIgnore(tx) +
                   " INTO molar_payment_events (provider, provider_event_id, kind, provider_payment_id,"
                   " amount_minor, currency, provider_refund_id, dispute_id, dispute_outcome, outcome,"
                   " occurred_at, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'received', ?, ?)",
               {provider, clip(e.providerEventId, 190), paymentEventKindName(e.kind),
                orNull(e.providerPaymentId, 190), e.amount.minor, orNull(e.amount.currency, 3),
                orNull(e.providerRefundId, 190), orNull(e.disputeId, 190), orNull(e.disputeOutcome, 16),
                e.occurredAtMillis ? sdk::Value(e.occurredAtMillis) : sdk::Value(), now}) == 1;
}

void PaymentStore::setEventOutcome(sdk::Transaction& tx, const std::string& provider,
                                   const std::string& providerEventId, const std::string& attemptId,
                                   const std::string& outcome)
{
    tx.execute("UPDATE molar_payment_events SET attempt_id = ?, outcome = ? WHERE provider = ?"
               " AND provider_event_id = ?",
               {orNull(attemptId, 64), outcome, provider, clip(providerEventId, 190)});
}

std::vector<sdk::PaymentEvent> PaymentStore::unmatchedEvents(sdk::Transaction& tx,
                                                             const std::string& provider,
                                                             const std::string& providerPaymentId)
{
    auto rows =
        tx.query("SELECT provider_event_id, kind, provider_payment_id, amount_minor, currency,"
                 " provider_refund_id, dispute_id, dispute_outcome, occurred_at FROM molar_payment_events"
                 " WHERE provider = ? AND provider_payment_id = ? AND outcome = 'unmatched' ORDER BY id",
                 {provider, clip(providerPaymentId, 190)});
    std::vector<sdk::PaymentEvent> out;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& r = rows.row(i);
        sdk::PaymentEvent e;
        e.providerEventId = text(r.at(0));
        bool known = false;
        for (auto kind : {sdk::PaymentEventKind::Succeeded, sdk::PaymentEventKind::Failed,
                          sdk::PaymentEventKind::Authorized, sdk::PaymentEventKind::Canceled,
                          sdk::PaymentEventKind::Refunded, sdk::PaymentEventKind::DisputeOpened,
                          sdk::PaymentEventKind::DisputeClosed})
            if (paymentEventKindName(kind) == text(r.at(1))) {
                e.kind = kind;
                known = true;
            }
        if (!known)
            continue; // a saved method's details are not kept: it cannot be replayed
        e.providerPaymentId = text(r.at(2));
        e.amount = {number(r.at(3)), text(r.at(4))};
        e.providerRefundId = text(r.at(5));
        e.disputeId = text(r.at(6));
        e.disputeOutcome = text(r.at(7));
        e.occurredAtMillis = number(r.at(8));
        out.push_back(std::move(e));
    }
    return out;
}

bool PaymentStore::claimUnmatched(sdk::Transaction& tx, const std::string& provider,
                                  const std::string& providerEventId)
{
    return tx.execute("UPDATE molar_payment_events SET outcome = 'replaying' WHERE provider = ?"
                      " AND provider_event_id = ? AND outcome = 'unmatched'",
                      {provider, clip(providerEventId, 190)}) == 1;
}

std::int64_t PaymentStore::insertReceipt(sdk::Transaction& tx, const Receipt& r, std::int64_t now)
{
    const auto added =
        tx.execute(insertIgnore(tx) + " INTO molar_payment_receipts (provider, kind, money_key, attempt_id,"
                                      " amount_minor, currency, provider_payment_id, provider_event_id,"
                                      " recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   {r.provider, r.kind, clip(r.key, 190), r.attemptId, r.amount.minor, r.amount.currency,
                    orNull(r.providerPaymentId, 190), orNull(r.providerEventId, 190), now});
    if (added != 1)
        return 0;
    auto rows =
        tx.query("SELECT id FROM molar_payment_receipts WHERE provider = ? AND kind = ? AND money_key = ?",
                 {r.provider, r.kind, clip(r.key, 190)});
    return number(rows.row(0).at(0));
}

bool PaymentStore::hasReceipt(sdk::Transaction& tx, const std::string& provider, const std::string& kind,
                              const std::string& key)
{
    return !tx.query(
                  "SELECT id FROM molar_payment_receipts WHERE provider = ? AND kind = ? AND money_key = ?",
                  {provider, kind, clip(key, 190)})
                .empty();
}

std::vector<sdk::PaymentAttempt> PaymentStore::dueForResync(sdk::SqlRunner& sql, std::int64_t staleBefore,
                                                            int limit)
{
    return attemptsFrom(sql.query(std::string("SELECT ") + COLUMNS +
                                      " FROM molar_payment_attempts WHERE (state = 'unknown' OR (state IN "
                                      "('pending', 'requires_action')"
                                      " AND updated_at < ?)) AND (checked_at IS NULL OR checked_at < ?) "
                                      "ORDER BY updated_at, id LIMIT ?",
                                  {staleBefore, staleBefore, limit}));
}

void PaymentStore::markChecked(sdk::SqlRunner& sql, const std::string& id, std::int64_t now)
{
    sql.execute("UPDATE molar_payment_attempts SET checked_at = ? WHERE id = ?", {now, id});
}

} // namespace molar::host
