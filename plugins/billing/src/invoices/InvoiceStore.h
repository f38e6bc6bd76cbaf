#pragma once

#include "invoices/Invoice.h"

#include "molar/sdk/Database.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace molar::billing {

// Which invoices a list shows. Every filter left at its default lets all through.
struct InvoiceQuery
{
    std::int64_t organizationId = 0;  // one organization's (a clinic); 0: every organization (the lab)
    std::vector<InvoiceState> states; // any of these; empty: any state
    std::int64_t clinicId = 0;        // one clinic's
    std::int64_t caseId = 0;          // invoices with a line on this case (or per-case invoices of it)
    std::string numberPrefix;         // "INV-2026-0001" matches its start
    std::int64_t dueBefore = 0;       // due strictly before this (epoch ms); 0: any (the overdue job)
    std::int64_t beforeId = 0;        // keyset: invoices with a smaller id; 0: from the newest
    int limit = 50;                   // 1..500
};

// One page of a list, newest first (by id).
struct InvoicePage
{
    std::vector<Invoice> invoices; // without their lines
    std::int64_t nextBeforeId = 0; // the query's beforeId for the next page; 0 when this is the last
};

// Rows of billing_invoices, billing_invoice_lines, billing_invoice_payments and
// billing_invoice_counters. No rules here: InvoiceService decides, this reads and writes.
class InvoiceStore
{
public:
    static std::optional<Invoice> load(sdk::SqlRunner& db, std::int64_t id, bool withLines = true);
    // The same, locking the row until the transaction ends (FOR UPDATE on MySQL; SQLite
    // transactions already hold the write lock), so two changes of one invoice queue.
    static std::optional<Invoice> loadForUpdate(sdk::Transaction& tx, std::int64_t id);
    static std::vector<InvoiceLine> lines(sdk::SqlRunner& db, std::int64_t invoiceId);
    static InvoicePage list(sdk::SqlRunner& db, const InvoiceQuery& query);
    // How many invoices are in each state: one organization's, or all (organizationId 0).
    static std::map<InvoiceState, std::int64_t> countByState(sdk::SqlRunner& db, std::int64_t organizationId);

    static std::int64_t insert(sdk::Transaction& tx, const Invoice& invoice);
    // Writes every column but id, organization and creation back; bumps version.
    static void update(sdk::Transaction& tx, Invoice& invoice);
    static std::int64_t insertLine(sdk::Transaction& tx, const InvoiceLine& line);
    static bool removeLine(sdk::Transaction& tx, std::int64_t invoiceId, std::int64_t lineId);

    // The next number of `year`, from its counter row, in the caller's transaction:
    // the row stays locked until it ends, so issuers queue, and a rollback gives the
    // number back. Creates the row on the year's first invoice.
    static std::int64_t nextNumber(sdk::Transaction& tx, int year);
    // Makes the counter row of `year` exist, in its own statement (no lock kept), so
    // issuers of a new year never race to create it inside their transactions.
    static void ensureCounter(sdk::SqlRunner& db, int year);

    // Records a payment or refund once: false when the same (attempt, provider
    // payment, kind, refund id) is already there.
    static bool recordPayment(sdk::Transaction& tx, InvoicePayment& payment);
    static std::vector<InvoicePayment> payments(sdk::SqlRunner& db, std::int64_t invoiceId);
};

} // namespace molar::billing
