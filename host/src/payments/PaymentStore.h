#pragma once

#include "molar/sdk/Database.h"
#include "molar/sdk/Payments.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace molar::host {

// "pending", "requires_action", ... as the tables keep states; and back (Unknown
// for a name it does not know).
std::string paymentStateName(sdk::PaymentState state);
sdk::PaymentState paymentStateFrom(const std::string& name);
std::string paymentEventKindName(sdk::PaymentEventKind kind);

// A money movement to count once: a payment received (key: the provider payment
// id) or a refund (key: the refund id).
struct Receipt
{
    std::string provider;
    std::string kind; // "payment" or "refund"
    std::string key;
    std::string attemptId;
    sdk::Money amount;
    std::string providerPaymentId;
    std::string providerEventId; // empty when a provider call's result (re-sync) counted it
};

// SQL for molar_payment_attempts, molar_payment_events and molar_payment_receipts.
// Writes run in the caller's transaction; an attempt is changed only while its row
// is held (lock()), so two deliveries for one attempt apply one after the other.
class PaymentStore
{
public:
    void insertAttempt(sdk::Transaction& tx, const sdk::PaymentAttempt& attempt);
    std::optional<sdk::PaymentAttempt> find(sdk::SqlRunner& sql, const std::string& id);
    // Reads the attempt and holds its row until the transaction ends.
    std::optional<sdk::PaymentAttempt> lock(sdk::Transaction& tx, const std::string& id);
    std::vector<sdk::PaymentAttempt> forPurpose(sdk::SqlRunner& sql, const std::string& kind,
                                                const std::string& id);
    // The attempt of this provider that a provider payment id names: the attempt's
    // own id from the provider, or one of its receipts'. Empty when none.
    std::string attemptOfPayment(sdk::Transaction& tx, const std::string& provider,
                                 const std::string& providerPaymentId);
    // Writes the fields the service changes: state, ids, failure, captured and
    // refunded amounts, updated_at.
    void update(sdk::Transaction& tx, const sdk::PaymentAttempt& attempt);

    // The inbox: adds the event unless (provider, providerEventId) is recorded;
    // false when it was (another delivery, or another thread, got there first).
    bool insertEvent(sdk::Transaction& tx, const std::string& provider, const sdk::PaymentEvent& event,
                     std::int64_t now);
    void setEventOutcome(sdk::Transaction& tx, const std::string& provider,
                         const std::string& providerEventId, const std::string& attemptId,
                         const std::string& outcome);

    // Events of this provider recorded before any attempt was known to have the
    // payment id (a webhook outrunning the checkout's answer), oldest first.
    std::vector<sdk::PaymentEvent> unmatchedEvents(sdk::Transaction& tx, const std::string& provider,
                                                   const std::string& providerPaymentId);
    // Takes an unmatched event to apply it now; false when another took it.
    bool claimUnmatched(sdk::Transaction& tx, const std::string& provider,
                        const std::string& providerEventId);

    // Counts the money unless its (provider, kind, key) was counted; the new
    // receipt's id, or 0 when it was.
    std::int64_t insertReceipt(sdk::Transaction& tx, const Receipt& receipt, std::int64_t now);
    // Whether money under (provider, kind, key) was counted.
    bool hasReceipt(sdk::Transaction& tx, const std::string& provider, const std::string& kind,
                    const std::string& key);

    // Attempts the re-sync should ask their provider about: Unknown ones, and
    // Pending or RequiresAction ones last changed before `staleBefore`, none
    // checked since `staleBefore`; oldest change first.
    std::vector<sdk::PaymentAttempt> dueForResync(sdk::SqlRunner& sql, std::int64_t staleBefore, int limit);
    void markChecked(sdk::SqlRunner& sql, const std::string& id, std::int64_t now);
};

} // namespace molar::host
