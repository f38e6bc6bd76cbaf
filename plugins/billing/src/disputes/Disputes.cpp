#include "disputes/Disputes.h"

#include <chrono>
#include <stdexcept>

namespace molar::billing {

namespace {

// With the invoice's number, which a dispute of anything else has not.
constexpr const char* kSelect =
    "SELECT d.id, d.provider, d.dispute_id, d.attempt_id, d.purpose_kind, d.invoice_id, d.organization_id, "
    "d.reference, d.amount_minor, d.currency, d.state, d.opened_at, d.closed_at, d.evidence_due_at, "
    "d.reason, "
    "i.number AS invoice_number "
    "FROM billing_disputes d LEFT JOIN billing_invoices i ON i.id = d.invoice_id AND d.invoice_id <> 0";

Dispute disputeAt(const sdk::ResultSet& rows, std::size_t r)
{
    Dispute d;
    d.id = rows.get(r, "id").asInt();
    d.provider = rows.get(r, "provider").asString();
    d.disputeId = rows.get(r, "dispute_id").asString();
    d.attemptId = rows.get(r, "attempt_id").asString();
    d.purposeKind = rows.get(r, "purpose_kind").asString();
    d.invoiceId = rows.get(r, "invoice_id").asInt();
    d.organizationId = rows.get(r, "organization_id").asInt();
    d.reference = rows.get(r, "reference").asString();
    d.amountMinor = rows.get(r, "amount_minor").asInt();
    d.currency = rows.get(r, "currency").asString();
    d.state = rows.get(r, "state").asString();
    d.openedAt = rows.get(r, "opened_at").asInt();
    d.closedAt = rows.get(r, "closed_at").asInt();
    d.evidenceDueAt = rows.get(r, "evidence_due_at").asInt();
    d.reason = rows.get(r, "reason").asString();
    const sdk::Value& number = rows.get(r, "invoice_number");
    d.invoiceNumber = number.isNull() ? std::string() : number.asString();
    return d;
}

std::vector<Dispute> disputesIn(const sdk::ResultSet& rows)
{
    std::vector<Dispute> out;
    out.reserve(rows.size());
    for (std::size_t r = 0; r < rows.size(); ++r)
        out.push_back(disputeAt(rows, r));
    return out;
}

// Open first; among them the soonest deadline first, those not known after; then the rest, newest first.
constexpr const char* kOrder =
    " ORDER BY CASE WHEN d.state = 'open' THEN 0 ELSE 1 END, "
    "CASE WHEN d.state = 'open' AND d.evidence_due_at > 0 THEN 0 ELSE 1 END, "
    "CASE WHEN d.state = 'open' THEN d.evidence_due_at ELSE 0 END, d.opened_at DESC, d.id DESC";

// A provider's word as billing keeps it: at most 64 bytes of [a-z0-9_] ("fraudulent").
std::string reasonWord(const std::string& text)
{
    std::string out;
    for (const char c : text) {
        if (out.size() == 64)
            break;
        const bool plain = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        out += plain ? c : (c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : '_');
    }
    return out;
}

// Digits only, at most 18: an invoice id; 0 for anything else.
std::int64_t idFrom(const std::string& text)
{
    if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
        return 0;
    return std::stoll(text);
}

} // namespace

void Disputes::start()
{
    // The provider's facts of a dispute (its deadline), asked outside the recording
    // transaction: a lost answer retries with backoff; a provider that cannot tell ends it.
    sdk::JobOptions options;
    options.maxAttempts = 10;
    options.firstRetryDelay = std::chrono::seconds(30);
    _host.jobs().define(
        kFactsJob,
        [this](const sdk::Job& job) {
            fetchFacts(job.payload.getString("provider"), job.payload.getString("disputeId"));
        },
        options);
    // Synchronous: the dispute is recorded in the transaction that records the provider's event.
    _host.events().on("dispute.opened",
                      [this](sdk::Transaction& tx, const sdk::Event& event) { opened(tx, event.payload); });
    _host.events().on("dispute.closed",
                      [this](sdk::Transaction& tx, const sdk::Event& event) { closed(tx, event.payload); });
}

std::int64_t Disputes::now() const
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(_host.clock().now().time_since_epoch()).count();
}

std::optional<Dispute> Disputes::fromPayload(sdk::Transaction& tx, const sdk::Value& payload,
                                             const char* event) const
{
    Dispute d;
    d.provider = payload.getString("provider");
    d.disputeId = payload.getString("disputeId");
    d.purposeKind = payload.getString("purposeKind");
    d.organizationId = payload.getInt("organizationId");
    d.reference = payload.getString("reference");
    d.amountMinor = payload.getInt("amountMinor");
    d.currency = payload.getString("currency");
    d.attemptId = payload.getString("attemptId");
    if (d.attemptId.size() > 64)
        d.attemptId.clear();
    if (d.provider.empty() || d.provider.size() > 64 || d.disputeId.empty() || d.disputeId.size() > 128 ||
        d.purposeKind.size() > 32 || d.currency.size() != 3 || d.amountMinor < 0) {
        _host.logger().warning(std::string(event) + " of attempt " + d.attemptId +
                               " lacks a provider, dispute id, currency or amount billing can keep; ignored");
        return std::nullopt;
    }
    if (d.reference.size() > 128)
        d.reference.clear(); // only shown; the invoice's number comes from the invoice
    if (d.purposeKind == "invoice") {
        const std::int64_t invoiceId = idFrom(payload.getString("purposeId"));
        auto rows = invoiceId == 0
                        ? sdk::ResultSet()
                        : tx.query("SELECT organization_id FROM billing_invoices WHERE id = ?", {invoiceId});
        if (rows.empty()) {
            _host.logger().warning(std::string(event) + " " + d.disputeId + " for invoice '" +
                                   payload.getString("purposeId") +
                                   "', which does not exist; kept without it");
        } else {
            d.invoiceId = invoiceId;
            d.organizationId = rows.get(0, "organization_id").asInt();
        }
    }
    return d;
}

bool Disputes::insert(sdk::Transaction& tx, const Dispute& d)
{
    const bool known = !tx.query("SELECT id FROM billing_disputes WHERE provider = ? AND dispute_id = ?",
                                 {d.provider, d.disputeId})
                            .empty();
    if (known)
        return false;
    // Two hosts (or two deliveries) at once on MySQL: the key keeps one row, the other adds nothing.
    const std::string onConflict = tx.dialect() == sdk::Dialect::MySQL
                                       ? " ON DUPLICATE KEY UPDATE provider = provider"
                                       : " ON CONFLICT (provider, dispute_id) DO NOTHING";
    tx.execute("INSERT INTO billing_disputes (provider, dispute_id, attempt_id, purpose_kind, invoice_id, "
               "organization_id, reference, amount_minor, currency, state, opened_at, closed_at) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, 0)" +
                   onConflict,
               {d.provider, d.disputeId, d.attemptId, d.purposeKind, d.invoiceId, d.organizationId,
                d.reference, d.amountMinor, d.currency, d.openedAt});
    return true;
}

bool Disputes::opened(sdk::Transaction& tx, const sdk::Value& payload)
{
    auto d = fromPayload(tx, payload, "dispute.opened");
    if (!d)
        return false;
    d->openedAt = now();
    const bool inserted = insert(tx, *d);
    // The provider is asked once per dispute, whatever the deliveries of its opening.
    if (inserted)
        _host.jobs().enqueue(tx, kFactsJob,
                             sdk::Value::object({{"provider", d->provider}, {"disputeId", d->disputeId}}),
                             std::chrono::seconds(0), d->provider + ":" + d->disputeId);
    return inserted;
}

bool Disputes::fetchFacts(const std::string& provider, const std::string& disputeId)
{
    if (provider.empty() || disputeId.empty())
        return false;
    const auto facts = _host.payments().dispute(provider, disputeId);
    if (!facts) {
        _host.logger().info(
            "dispute " + disputeId + " of " + provider +
            ": the provider tells no deadline; the lab answers it from the provider's dashboard");
        return false;
    }
    const std::int64_t due = facts->evidenceDueAtMillis > 0 ? facts->evidenceDueAtMillis : 0;
    _host.database().execute("UPDATE billing_disputes SET evidence_due_at = ?, reason = ? "
                             "WHERE provider = ? AND dispute_id = ?",
                             {due, reasonWord(facts->reason), provider, disputeId});
    return true;
}

bool Disputes::closed(sdk::Transaction& tx, const sdk::Value& payload)
{
    auto d = fromPayload(tx, payload, "dispute.closed");
    if (!d)
        return false;
    const std::string outcome = payload.getString("disputeOutcome");
    if (outcome != "won" && outcome != "lost")
        _host.logger().warning("dispute " + d->disputeId + " of " + d->provider + " closed with outcome '" +
                               outcome + "'; counted as lost");
    d->openedAt = now();
    // A close delivered before its open: the dispute is known from here, and closed at once.
    insert(tx, *d);
    return tx.execute("UPDATE billing_disputes SET state = ?, closed_at = ? "
                      "WHERE provider = ? AND dispute_id = ? AND state = 'open'",
                      {outcome == "won" ? "won" : "lost", now(), d->provider, d->disputeId}) > 0;
}

OpenDisputes Disputes::open(sdk::SqlRunner& db) const
{
    OpenDisputes figures;
    const auto rows =
        db.query("SELECT currency, COUNT(*) AS n, SUM(amount_minor) AS amount FROM billing_disputes "
                 "WHERE state = 'open' GROUP BY currency");
    for (std::size_t r = 0; r < rows.size(); ++r) {
        // SUM and COUNT come back as text or decimals on some drivers; asInt reads both.
        figures.count += rows.get(r, "n").asInt();
        figures.amounts[rows.get(r, "currency").asString()] += rows.get(r, "amount").asInt();
    }
    return figures;
}

std::vector<Dispute> Disputes::list(sdk::SqlRunner& db, int limit) const
{
    return disputesIn(db.query(std::string(kSelect) + kOrder + " LIMIT ?", {std::int64_t(limit)}));
}

std::vector<Dispute> Disputes::openByDeadline(sdk::SqlRunner& db, int limit) const
{
    return disputesIn(db.query(std::string(kSelect) + " WHERE d.state = 'open'" + kOrder + " LIMIT ?",
                               {std::int64_t(limit)}));
}

std::vector<Dispute> Disputes::forInvoice(sdk::SqlRunner& db, std::int64_t invoiceId) const
{
    if (invoiceId == 0)
        return {};
    return disputesIn(db.query(
        std::string(kSelect) + " WHERE d.invoice_id = ? ORDER BY d.opened_at DESC, d.id DESC", {invoiceId}));
}

} // namespace molar::billing
