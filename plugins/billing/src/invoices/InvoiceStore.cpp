#include "invoices/InvoiceStore.h"

#include "molar/sdk/Errors.h"

#include <algorithm>

namespace molar::billing {

namespace {

const char* kInvoiceColumns =
    "id, number, organization_id, clinic_id, case_id, period, currency, state, subtotal_minor, tax_rate_bp, "
    "tax_minor, total_minor, paid_minor, refunded_minor, transfer_reference, created_at, updated_at, "
    "issued_at, "
    "due_at, paid_at, overdue_at, voided_at, void_reason, created_by, version";

const char* kLineColumns =
    "id, invoice_id, position, kind, case_id, case_number, item_code, description, quantity, "
    "unit_minor, amount_minor, reason, created_by, created_at";

std::int64_t intAt(const sdk::ResultSet& rows, std::size_t row, const char* column)
{
    const sdk::Value& value = rows.get(row, column);
    return value.isNull() ? 0 : value.asInt();
}

std::string textAt(const sdk::ResultSet& rows, std::size_t row, const char* column)
{
    return rows.get(row, column).toString();
}

Invoice invoiceAt(const sdk::ResultSet& rows, std::size_t row)
{
    Invoice invoice;
    invoice.id = intAt(rows, row, "id");
    invoice.number = textAt(rows, row, "number");
    invoice.organizationId = intAt(rows, row, "organization_id");
    invoice.clinicId = intAt(rows, row, "clinic_id");
    invoice.caseId = intAt(rows, row, "case_id");
    invoice.period = textAt(rows, row, "period");
    invoice.currency = textAt(rows, row, "currency");
    invoice.state = stateFromCode(textAt(rows, row, "state")).value_or(InvoiceState::Draft);
    invoice.subtotalMinor = intAt(rows, row, "subtotal_minor");
    invoice.taxRateBasisPoints = intAt(rows, row, "tax_rate_bp");
    invoice.taxMinor = intAt(rows, row, "tax_minor");
    invoice.totalMinor = intAt(rows, row, "total_minor");
    invoice.paidMinor = intAt(rows, row, "paid_minor");
    invoice.refundedMinor = intAt(rows, row, "refunded_minor");
    invoice.transferReference = textAt(rows, row, "transfer_reference");
    invoice.createdAt = intAt(rows, row, "created_at");
    invoice.updatedAt = intAt(rows, row, "updated_at");
    invoice.issuedAt = intAt(rows, row, "issued_at");
    invoice.dueAt = intAt(rows, row, "due_at");
    invoice.paidAt = intAt(rows, row, "paid_at");
    invoice.overdueAt = intAt(rows, row, "overdue_at");
    invoice.voidedAt = intAt(rows, row, "voided_at");
    invoice.voidReason = textAt(rows, row, "void_reason");
    invoice.createdBy = intAt(rows, row, "created_by");
    invoice.version = static_cast<int>(intAt(rows, row, "version"));
    return invoice;
}

InvoiceLine lineAt(const sdk::ResultSet& rows, std::size_t row)
{
    InvoiceLine line;
    line.id = intAt(rows, row, "id");
    line.invoiceId = intAt(rows, row, "invoice_id");
    line.position = static_cast<int>(intAt(rows, row, "position"));
    line.kind = lineKindFromCode(textAt(rows, row, "kind")).value_or(LineKind::Item);
    line.caseId = intAt(rows, row, "case_id");
    line.caseNumber = textAt(rows, row, "case_number");
    line.itemCode = textAt(rows, row, "item_code");
    line.description = textAt(rows, row, "description");
    line.quantity = intAt(rows, row, "quantity");
    line.unitMinor = intAt(rows, row, "unit_minor");
    line.amountMinor = intAt(rows, row, "amount_minor");
    line.reason = textAt(rows, row, "reason");
    line.createdBy = intAt(rows, row, "created_by");
    line.createdAt = intAt(rows, row, "created_at");
    return line;
}

// NULL while a draft, so the unique index lets any number of drafts through.
sdk::Value numberValue(const std::string& number)
{
    return number.empty() ? sdk::Value() : sdk::Value(number);
}

} // namespace

std::optional<Invoice> InvoiceStore::load(sdk::SqlRunner& db, std::int64_t id, bool withLines)
{
    auto rows =
        db.query(std::string("SELECT ") + kInvoiceColumns + " FROM billing_invoices WHERE id = ?", {id});
    if (rows.empty())
        return std::nullopt;
    Invoice invoice = invoiceAt(rows, 0);
    if (withLines)
        invoice.lines = lines(db, id);
    return invoice;
}

std::optional<Invoice> InvoiceStore::loadForUpdate(sdk::Transaction& tx, std::int64_t id)
{
    if (tx.dialect() == sdk::Dialect::SQLite)
        return load(tx, id); // BEGIN IMMEDIATE: this transaction already holds the write lock
    auto rows = tx.query(
        std::string("SELECT ") + kInvoiceColumns + " FROM billing_invoices WHERE id = ? FOR UPDATE", {id});
    if (rows.empty())
        return std::nullopt;
    Invoice invoice = invoiceAt(rows, 0);
    invoice.lines = lines(tx, id);
    return invoice;
}

std::vector<InvoiceLine> InvoiceStore::lines(sdk::SqlRunner& db, std::int64_t invoiceId)
{
    auto rows = db.query(std::string("SELECT ") + kLineColumns +
                             " FROM billing_invoice_lines WHERE invoice_id = ? ORDER BY position, id",
                         {invoiceId});
    std::vector<InvoiceLine> out;
    out.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i)
        out.push_back(lineAt(rows, i));
    return out;
}

InvoicePage InvoiceStore::list(sdk::SqlRunner& db, const InvoiceQuery& query)
{
    std::string where = " WHERE 1 = 1";
    sdk::Params params;
    if (query.organizationId != 0) {
        where += " AND organization_id = ?";
        params.emplace_back(query.organizationId);
    }
    if (!query.states.empty()) {
        where += " AND state IN (";
        for (std::size_t i = 0; i < query.states.size(); ++i) {
            where += i ? ", ?" : "?";
            params.emplace_back(stateCode(query.states[i]));
        }
        where += ")";
    }
    if (query.clinicId != 0) {
        where += " AND clinic_id = ?";
        params.emplace_back(query.clinicId);
    }
    if (query.caseId != 0) {
        where +=
            " AND (case_id = ? OR id IN (SELECT invoice_id FROM billing_invoice_lines WHERE case_id = ?))";
        params.emplace_back(query.caseId);
        params.emplace_back(query.caseId);
    }
    if (!query.numberPrefix.empty()) {
        where += " AND number LIKE ? ESCAPE '!'";
        params.emplace_back(sdk::escapeLike(query.numberPrefix) + "%");
    }
    if (query.dueBefore != 0) {
        where += " AND due_at < ?";
        params.emplace_back(query.dueBefore);
    }
    if (query.beforeId != 0) {
        where += " AND id < ?";
        params.emplace_back(query.beforeId);
    }
    const int limit = std::clamp(query.limit, 1, 500);
    // One more than the page, to know whether another follows.
    auto rows = db.query(std::string("SELECT ") + kInvoiceColumns + " FROM billing_invoices" + where +
                             " ORDER BY id DESC LIMIT " + std::to_string(limit + 1),
                         params);
    InvoicePage page;
    for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(limit); ++i)
        page.invoices.push_back(invoiceAt(rows, i));
    if (rows.size() > static_cast<std::size_t>(limit))
        page.nextBeforeId = page.invoices.back().id;
    return page;
}

std::map<InvoiceState, std::int64_t> InvoiceStore::countByState(sdk::SqlRunner& db,
                                                                std::int64_t organizationId)
{
    auto rows = organizationId != 0
                    ? db.query("SELECT state, COUNT(*) AS n FROM billing_invoices WHERE organization_id = ? "
                               "GROUP BY state",
                               {organizationId})
                    : db.query("SELECT state, COUNT(*) AS n FROM billing_invoices GROUP BY state");
    std::map<InvoiceState, std::int64_t> counts;
    for (std::size_t i = 0; i < rows.size(); ++i)
        if (auto state = stateFromCode(textAt(rows, i, "state")))
            counts[*state] = intAt(rows, i, "n");
    return counts;
}

std::int64_t InvoiceStore::insert(sdk::Transaction& tx, const Invoice& invoice)
{
    return tx.insert(
        "INSERT INTO billing_invoices (number, organization_id, clinic_id, case_id, period, currency, "
        "state, subtotal_minor, tax_rate_bp, tax_minor, total_minor, paid_minor, refunded_minor, "
        "transfer_reference, created_at, updated_at, issued_at, due_at, paid_at, overdue_at, voided_at, "
        "void_reason, created_by, version) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
        {numberValue(invoice.number),
         invoice.organizationId,
         invoice.clinicId,
         invoice.caseId,
         invoice.period,
         invoice.currency,
         stateCode(invoice.state),
         invoice.subtotalMinor,
         invoice.taxRateBasisPoints,
         invoice.taxMinor,
         invoice.totalMinor,
         invoice.paidMinor,
         invoice.refundedMinor,
         invoice.transferReference,
         invoice.createdAt,
         invoice.updatedAt,
         invoice.issuedAt,
         invoice.dueAt,
         invoice.paidAt,
         invoice.overdueAt,
         invoice.voidedAt,
         invoice.voidReason,
         invoice.createdBy});
}

void InvoiceStore::update(sdk::Transaction& tx, Invoice& invoice)
{
    tx.execute(
        "UPDATE billing_invoices SET number = ?, clinic_id = ?, case_id = ?, period = ?, currency = ?, "
        "state = ?, subtotal_minor = ?, tax_rate_bp = ?, tax_minor = ?, total_minor = ?, paid_minor = ?, "
        "refunded_minor = ?, transfer_reference = ?, updated_at = ?, issued_at = ?, due_at = ?, paid_at = ?, "
        "overdue_at = ?, voided_at = ?, void_reason = ?, version = version + 1 WHERE id = ?",
        {numberValue(invoice.number),
         invoice.clinicId,
         invoice.caseId,
         invoice.period,
         invoice.currency,
         stateCode(invoice.state),
         invoice.subtotalMinor,
         invoice.taxRateBasisPoints,
         invoice.taxMinor,
         invoice.totalMinor,
         invoice.paidMinor,
         invoice.refundedMinor,
         invoice.transferReference,
         invoice.updatedAt,
         invoice.issuedAt,
         invoice.dueAt,
         invoice.paidAt,
         invoice.overdueAt,
         invoice.voidedAt,
         invoice.voidReason,
         invoice.id});
    ++invoice.version;
}

std::int64_t InvoiceStore::insertLine(sdk::Transaction& tx, const InvoiceLine& line)
{
    return tx.insert(
        "INSERT INTO billing_invoice_lines (invoice_id, position, kind, case_id, case_number, item_code, "
        "description, quantity, unit_minor, amount_minor, reason, created_by, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {line.invoiceId, line.position, lineKindCode(line.kind), line.caseId, line.caseNumber, line.itemCode,
         line.description, line.quantity, line.unitMinor, line.amountMinor, line.reason, line.createdBy,
         line.createdAt});
}

bool InvoiceStore::removeLine(sdk::Transaction& tx, std::int64_t invoiceId, std::int64_t lineId)
{
    return tx.execute("DELETE FROM billing_invoice_lines WHERE id = ? AND invoice_id = ?",
                      {lineId, invoiceId}) > 0;
}

std::int64_t InvoiceStore::nextNumber(sdk::Transaction& tx, int year)
{
    // The UPDATE locks the year's row until this transaction ends: the next issuer
    // waits here and then reads the number this one committed, or the old one if it
    // rolled back.
    if (tx.execute("UPDATE billing_invoice_counters SET last_number = last_number + 1 WHERE year = ?",
                   {year}) == 0) {
        try {
            tx.execute("INSERT INTO billing_invoice_counters (year, last_number) VALUES (?, 1)", {year});
            return 1;
        } catch (const sdk::DatabaseError& e) {
            if (!e.isConflict())
                throw;
            // Another issuer created the row meanwhile: count on from its number.
            tx.execute("UPDATE billing_invoice_counters SET last_number = last_number + 1 WHERE year = ?",
                       {year});
        }
    }
    return tx.query("SELECT last_number FROM billing_invoice_counters WHERE year = ?", {year})
        .get(0, "last_number")
        .asInt();
}

void InvoiceStore::ensureCounter(sdk::SqlRunner& db, int year)
{
    if (!db.query("SELECT year FROM billing_invoice_counters WHERE year = ?", {year}).empty())
        return;
    try {
        db.execute("INSERT INTO billing_invoice_counters (year, last_number) VALUES (?, 0)", {year});
    } catch (const sdk::DatabaseError& e) {
        if (!e.isConflict())
            throw; // a conflict: another host made it first, which is all we wanted
    }
}

bool InvoiceStore::recordPayment(sdk::Transaction& tx, InvoicePayment& payment)
{
    auto existing =
        tx.query("SELECT id FROM billing_invoice_payments WHERE attempt_id = ? AND provider_payment_id = ? "
                 "AND kind = ? AND provider_refund_id = ?",
                 {payment.attemptId, payment.providerPaymentId, payment.kind, payment.providerRefundId});
    if (!existing.empty())
        return false;
    try {
        payment.id = tx.insert(
            "INSERT INTO billing_invoice_payments (invoice_id, kind, attempt_id, provider, "
            "provider_payment_id, provider_refund_id, amount_minor, currency, recorded_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            {payment.invoiceId, payment.kind, payment.attemptId, payment.provider, payment.providerPaymentId,
             payment.providerRefundId, payment.amountMinor, payment.currency, payment.recordedAt});
    } catch (const sdk::DatabaseError& e) {
        if (!e.isConflict())
            throw;
        return false; // the same delivery, recorded by a concurrent transaction
    }
    return true;
}

std::vector<InvoicePayment> InvoiceStore::payments(sdk::SqlRunner& db, std::int64_t invoiceId)
{
    auto rows = db.query(
        "SELECT id, invoice_id, kind, attempt_id, provider, provider_payment_id, provider_refund_id, "
        "amount_minor, currency, recorded_at FROM billing_invoice_payments WHERE invoice_id = ? "
        "ORDER BY id",
        {invoiceId});
    std::vector<InvoicePayment> out;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        InvoicePayment p;
        p.id = intAt(rows, i, "id");
        p.invoiceId = intAt(rows, i, "invoice_id");
        p.kind = textAt(rows, i, "kind");
        p.attemptId = textAt(rows, i, "attempt_id");
        p.provider = textAt(rows, i, "provider");
        p.providerPaymentId = textAt(rows, i, "provider_payment_id");
        p.providerRefundId = textAt(rows, i, "provider_refund_id");
        p.amountMinor = intAt(rows, i, "amount_minor");
        p.currency = textAt(rows, i, "currency");
        p.recordedAt = intAt(rows, i, "recorded_at");
        out.push_back(p);
    }
    return out;
}

} // namespace molar::billing
