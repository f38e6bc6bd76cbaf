#pragma once

#include "KnownReference.h"

#include "molar/sdk/Database.h"
#include "molar/sdk/Payments.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace molar::paybank {

// Money received against a reference (pay_bank_receipts).
struct Receipt
{
    std::int64_t id = 0;
    std::int64_t referenceId = 0;
    std::string eventId;
    std::string source; // "manual" or "statement"
    std::int64_t amountMinor = 0;
    std::string currency;
    std::string valueDate; // YYYY-MM-DD
    std::string bankTransactionId;
    std::string note;
    std::int64_t importId = 0;
    std::int64_t recordedBy = 0;
    std::int64_t createdAtMillis = 0;
};

// What addReceipt did: a new receipt (isNew), one left unrecorded before (to tell
// the host again), or nothing, when that money was recorded before.
struct ReceiptSlot
{
    std::optional<Receipt> receipt;
    bool isNew = false;
};

// A reference with the money received against it so far.
struct ReferenceBalance
{
    KnownReference reference;
    std::int64_t receivedMinor = 0;
};

// pay_bank_references and pay_bank_receipts.
class ReferenceStore
{
public:
    using Generator = std::function<std::string()>;

    explicit ReferenceStore(sdk::Database& database, Generator generate);

    // The reference of the request's attempt (its idempotency key), made on the first
    // call and the same on every later one; a new reference that collides with
    // another is drawn again.
    KnownReference referenceFor(const sdk::PaymentRequest& request, std::int64_t now);

    std::optional<KnownReference> byAttempt(const std::string& attemptId);
    std::optional<KnownReference> byId(std::int64_t id);
    // By the canonical reference (MB-XXXX-XXXX).
    std::optional<KnownReference> byReference(sdk::SqlRunner& sql, const std::string& reference);
    std::optional<KnownReference> byReference(const std::string& reference)
    {
        return byReference(_database, reference);
    }
    // What the clerk typed: a reference written any way TransferReference reads, or
    // the invoice number (purpose reference) shown with it. Newest first.
    std::vector<ReferenceBalance> search(const std::string& text, int limit);
    // References not yet paid in full, oldest first.
    std::vector<ReferenceBalance> outstanding(int limit);

    std::int64_t received(sdk::SqlRunner& sql, std::int64_t referenceId);
    sdk::Database& database() { return _database; }
    std::vector<Receipt> receipts(std::int64_t referenceId);
    // Adds a receipt, not yet recorded; for a manual one (empty eventId) the event
    // id becomes "manual-<id>". A receipt of the same event id (a statement line
    // imported before) or of the same bank transaction (ReferenceStore::bankKey) is
    // not added again: the slot is empty when that one was recorded, and holds it when
    // it was left unrecorded (the host was not told), to be told again.
    ReceiptSlot addReceipt(sdk::Transaction& tx, Receipt receipt);
    // A bank transaction id as receipts are keyed by it: trimmed, upper case.
    static std::string bankKey(const std::string& bankTransactionId);
    // The host's payment service took the receipt's event: its money counts now.
    void markRecorded(std::int64_t id);
    void removeReceipt(std::int64_t id);
    // Receipts added before `before` that the host was never told about (molard stopped
    // between adding one and telling the host), oldest first: those of a bank transaction
    // or a statement line only, which a second entry finds instead of adding another. A
    // hand entry without a bank id stays untold: its clerk had no answer and enters it again.
    std::vector<Receipt> untold(std::int64_t before, int limit);
    // The newest recorded receipt of a reference, 0 when none.
    std::int64_t lastReceipt(std::int64_t referenceId);

private:
    // The receipt of that event id or bank key, and whether it is recorded.
    std::optional<std::pair<Receipt, bool>> existing(sdk::Transaction& tx, const std::string& eventId,
                                                     const std::string& key);
    std::vector<ReferenceBalance> balances(const std::string& where, const sdk::Params& params,
                                           const std::string& order, int limit);

    sdk::Database& _database;
    Generator _generate;
};

} // namespace molar::paybank
