#include "ReceiptRecorder.h"

#include "Text.h"

#include "molar/sdk/Money.h"

#include <chrono>

namespace molar::paybank {

namespace {

std::string auditDetail(const Receipt& receipt)
{
    std::string detail =
        sdk::formatMoney({receipt.amountMinor, receipt.currency}) + ", value date " + receipt.valueDate;
    if (!receipt.bankTransactionId.empty())
        detail += ", bank id " + receipt.bankTransactionId;
    return clipCharacters(detail, 250);
}

} // namespace

ReceiptRecorder::ReceiptRecorder(sdk::Host& host, ReferenceStore& references)
    : _host(host), _references(references)
{
}

std::int64_t ReceiptRecorder::now() const
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(_host.clock().now().time_since_epoch())
        .count();
}

sdk::PaymentEvent ReceiptRecorder::eventFor(const KnownReference& reference, const Receipt& receipt) const
{
    sdk::PaymentEvent event;
    event.providerEventId = receipt.eventId;
    event.kind = sdk::PaymentEventKind::Succeeded;
    event.idempotencyKey = reference.attemptId;
    event.providerPaymentId = reference.reference + "/" + std::to_string(receipt.id);
    event.amount = {receipt.amountMinor, receipt.currency};
    event.occurredAtMillis = receipt.createdAtMillis;
    return event;
}

bool ReceiptRecorder::report(const KnownReference& reference, const Receipt& receipt)
{
    const sdk::PaymentEvent event = eventFor(reference, receipt);
    bool added = false;
    try {
        added = _host.payments().record("bank", event);
    } catch (...) {
        // Nothing was recorded: the receipt goes too, so that trying again is safe.
        _references.removeReceipt(receipt.id);
        throw;
    }
    _references.markRecorded(receipt.id);
    return added;
}

int ReceiptRecorder::tellUntold(std::int64_t before)
{
    int counted = 0;
    for (const Receipt& receipt : _references.untold(before, 500)) {
        const std::optional<KnownReference> reference = _references.byId(receipt.referenceId);
        if (!reference)
            continue;
        // Unlike a request's, an error keeps the receipt: nobody would enter it again.
        const bool added = _host.payments().record("bank", eventFor(*reference, receipt));
        _references.markRecorded(receipt.id);
        if (!added)
            continue; // told before the stop, not yet marked
        ++counted;
        _host.database().transaction([&](sdk::Transaction& tx) {
            _host.audit().record(
                tx, sdk::Actor::system("pay-bank"),
                {"bank_transfer.recorded", "payment", reference->reference, reference->organizationId,
                 auditDetail(receipt) + ", counted after an interruption" +
                     (receipt.importId ? ", statement import " + std::to_string(receipt.importId)
                                       : std::string())});
        });
    }
    if (counted > 0)
        _host.logger().warning(std::to_string(counted) +
                               " bank transfer(s) received before an interruption were counted now");
    return counted;
}

Receipt ReceiptRecorder::recordTransfer(const sdk::Actor& actor, const KnownReference& reference,
                                        const Transfer& transfer)
{
    Receipt receipt;
    receipt.referenceId = reference.id;
    receipt.source = "manual";
    receipt.amountMinor = transfer.amountMinor;
    receipt.currency = reference.currency;
    receipt.valueDate = transfer.valueDate;
    receipt.bankTransactionId = transfer.bankTransactionId;
    receipt.note = transfer.note;
    receipt.recordedBy = actor.userId;
    receipt.createdAtMillis = now();
    ReceiptSlot slot;
    _host.database().transaction([&](sdk::Transaction& tx) { slot = _references.addReceipt(tx, receipt); });
    if (!slot.isNew) {
        // The same bank transaction again. One left unrecorded is told to the host now.
        if (slot.receipt)
            if (auto owner = _references.byId(slot.receipt->referenceId))
                report(*owner, *slot.receipt);
        throw TransferAlreadyRecorded(transfer.bankTransactionId);
    }
    const Receipt* stored = &*slot.receipt;
    report(reference, *stored);
    _host.database().transaction([&](sdk::Transaction& tx) {
        _host.audit().record(tx, actor,
                             {"bank_transfer.recorded", "payment", reference.reference,
                              reference.organizationId,
                              auditDetail(*stored) + (reference.purposeReference.empty()
                                                          ? std::string()
                                                          : ", for " + reference.purposeReference)});
    });
    return *stored;
}

ImportSummary ReceiptRecorder::importStatement(const sdk::Actor& actor, const std::string& fileName,
                                               const std::vector<StatementLine>& lines)
{
    ImportSummary summary;
    const std::int64_t started = now();
    _host.database().transaction([&](sdk::Transaction& tx) {
        summary.importId = tx.insert(
            "INSERT INTO pay_bank_imports (file_name, line_count, imported_by, created_at) VALUES "
            "(?, ?, ?, ?)",
            {clipCharacters(fileName, 255), static_cast<std::int64_t>(lines.size()), actor.userId, started});
    });

    const auto matches = matchStatement(
        lines, [this](const std::string& reference) { return _references.byReference(reference); });
    std::vector<ImportedLine> results;
    std::vector<std::pair<KnownReference, Receipt>> applied;
    for (const LineMatch& match : matches) {
        ImportedLine result{match, outcomeName(match.outcome)};
        if (match.outcome == LineOutcome::Matched) {
            Receipt receipt;
            receipt.referenceId = match.reference->id;
            receipt.eventId = match.line.eventId;
            receipt.source = "statement";
            receipt.amountMinor = match.line.amountMinor;
            receipt.currency = match.line.currency;
            receipt.valueDate = match.line.date;
            receipt.bankTransactionId = match.line.transactionId;
            receipt.note = match.line.description;
            receipt.importId = summary.importId;
            receipt.recordedBy = actor.userId;
            receipt.createdAtMillis = now();
            ReceiptSlot slot;
            _host.database().transaction(
                [&](sdk::Transaction& tx) { slot = _references.addReceipt(tx, receipt); });
            const std::optional<Receipt>& stored = slot.receipt;
            // A receipt left unrecorded before is told again, for the reference it was made for.
            const std::optional<KnownReference> owner =
                !stored || slot.isNew ? match.reference : _references.byId(stored->referenceId);
            if (!stored || !owner) {
                result.outcome = "already";
            } else {
                try {
                    // False: the host had the event (a receipt kept from an earlier import).
                    result.outcome = report(*owner, *stored) ? "applied" : "already";
                    if (result.outcome == "applied")
                        applied.emplace_back(*owner, *stored);
                } catch (const std::exception& e) {
                    _host.logger().warning("statement line " + std::to_string(match.line.line) + " for " +
                                           match.reference->reference + " was not recorded: " + e.what());
                    result.outcome = "notRecorded";
                }
            }
        }
        summary.applied += result.outcome == "applied" ? 1 : 0;
        summary.already += result.outcome == "already" ? 1 : 0;
        summary.unmatched += result.outcome != "applied" && result.outcome != "already" ? 1 : 0;
        results.push_back(std::move(result));
    }

    _host.database().transaction([&](sdk::Transaction& tx) {
        for (const ImportedLine& r : results) {
            const StatementLine& line = r.match.line;
            tx.insert(
                "INSERT INTO pay_bank_import_lines (import_id, line, outcome, reference, detail, value_date, "
                "amount_minor, currency, description, bank_transaction_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                "?, ?)",
                {summary.importId, line.line, r.outcome,
                 r.match.reference ? r.match.reference->reference : "", clipCharacters(r.match.detail, 120),
                 line.date, line.amountMinor, line.currency, clipCharacters(line.description, 500),
                 clipCharacters(line.transactionId, 120)});
        }
        tx.execute("UPDATE pay_bank_imports SET applied_count = ?, already_count = ?, unmatched_count = ? "
                   "WHERE id = ?",
                   {summary.applied, summary.already, summary.unmatched, summary.importId});
        for (const auto& [reference, receipt] : applied)
            _host.audit().record(
                tx, actor,
                {"bank_transfer.recorded", "payment", reference.reference, reference.organizationId,
                 auditDetail(receipt) + ", statement import " + std::to_string(summary.importId)});
        _host.audit().record(
            tx, actor,
            {"bank_statement.imported", "payment_import", std::to_string(summary.importId), 0,
             clipCharacters(fileName, 100) + ": " + std::to_string(lines.size()) + " lines, " +
                 std::to_string(summary.applied) + " applied, " + std::to_string(summary.already) +
                 " already applied, " + std::to_string(summary.unmatched) + " not matched"});
    });
    return summary;
}

} // namespace molar::paybank
