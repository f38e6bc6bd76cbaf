#pragma once

#include "ReferenceStore.h"
#include "StatementMatch.h"

#include "molar/sdk/Plugin.h"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace molar::paybank {

// A transfer the clerk saw on the bank account.
struct Transfer
{
    std::int64_t amountMinor = 0; // of the reference's currency; part of what it asks is fine
    std::string valueDate;        // YYYY-MM-DD
    std::string bankTransactionId;
    std::string note;
};

// Thrown by recordTransfer for a bank transaction recorded before (a double click,
// two clerks, or the statement first): nothing is recorded again.
class TransferAlreadyRecorded : public std::runtime_error
{
public:
    explicit TransferAlreadyRecorded(const std::string& bankTransactionId)
        : std::runtime_error("bank transaction " + bankTransactionId + " is already recorded")
    {
    }
};

// What became of one statement line.
struct ImportedLine
{
    LineMatch match;
    std::string outcome; // "applied", "already", or the reason it matched nothing (outcomeName)
};

struct ImportSummary
{
    std::int64_t importId = 0;
    int applied = 0;
    int already = 0;
    int unmatched = 0;
};

// Records money received against references: a receipt row of the plugin, then the
// event the host's payment service applies to the attempt ("bank", Succeeded, one
// provider payment id per receipt, so parts add up), then the audit entry. Every
// receipt has an event id the host records once: "manual-<receipt id>" for a
// transfer typed by the clerk, the line's SHA-256 for a statement line, so a line
// imported again records nothing.
class ReceiptRecorder
{
public:
    ReceiptRecorder(sdk::Host& host, ReferenceStore& references);

    Receipt recordTransfer(const sdk::Actor& actor, const KnownReference& reference,
                           const Transfer& transfer);
    // Matches the lines, applies each matched line once and keeps the outcome of
    // every line for the result page (pay_bank_import_lines).
    ImportSummary importStatement(const sdk::Actor& actor, const std::string& fileName,
                                  const std::vector<StatementLine>& lines);

    // Tells the host about the receipts added before `before` and never told (a crash
    // between the two), so that a transfer received counts without anyone sending it
    // again. Answers how many the host counted now. An error leaves the rest for the
    // next run.
    int tellUntold(std::int64_t before);

private:
    // Tells the host; a receipt the host refused is removed again. False when the
    // host had that event already.
    bool report(const KnownReference& reference, const Receipt& receipt);
    sdk::PaymentEvent eventFor(const KnownReference& reference, const Receipt& receipt) const;
    std::int64_t now() const;

    sdk::Host& _host;
    ReferenceStore& _references;
};

} // namespace molar::paybank
