#pragma once

#include "db/PooledDatabase.h"
#include "jobs/EventBus.h"
#include "payments/PaymentStore.h"

#include "molar/sdk/Audit.h"
#include "molar/sdk/Clock.h"
#include "molar/sdk/Payments.h"

#include <Poco/Logger.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace molar::host {

// The host's payment service: attempts with their idempotency keys, the inbox of
// provider events, and the re-sync of attempts whose outcome is not known. It
// holds the rules of sdk::Payments (states never move back, money counted once
// per provider payment or refund id, events in the recording transaction) for
// every provider alike; providers are found by name when needed. Thread-safe.
class PaymentService
{
public:
    using ProviderLookup = std::function<std::shared_ptr<sdk::PaymentProvider>(const std::string&)>;
    struct Context
    {
        PooledDatabase& database;
        EventBus& events;
        sdk::Audit& audit;
        const sdk::Clock& clock;
        ProviderLookup providers;
    };

    explicit PaymentService(Context context);

    sdk::PaymentAttempt begin(sdk::Transaction& tx, const sdk::PaymentPurpose& purpose,
                              const std::string& provider, const sdk::Money& amount);
    sdk::PaymentResult checkout(const std::string& attemptId, const std::string& returnUrl,
                                const std::string& cancelUrl);
    bool record(const std::string& provider, const sdk::PaymentEvent& event);
    std::optional<sdk::PaymentAttempt> attempt(const std::string& id);
    std::vector<sdk::PaymentAttempt> attemptsFor(const std::string& purposeKind,
                                                 const std::string& purposeId);
    std::optional<sdk::PaymentAttempt> apply(const std::string& attemptId, const sdk::PaymentResult& result);

    // Asks the providers about attempts left Unknown, and about Pending ones of
    // online providers unchanged for `staleAfter` (an offline one, a bank transfer,
    // is waited for), each at most once per `staleAfter`; applies what they say.
    // Never starts a payment again. Returns how many attempts it asked about.
    int resync(std::chrono::minutes staleAfter, int limit = 50);

    // The request every provider call for the attempt carries.
    static sdk::PaymentRequest requestFor(const sdk::PaymentAttempt& attempt);

private:
    std::optional<sdk::PaymentAttempt>
    applyResult(const std::string& attemptId, const sdk::PaymentResult& result, const std::string& source);
    // Applies a recorded event to its (locked) attempt; the inbox's outcome.
    std::string applyEvent(sdk::Transaction& tx, sdk::PaymentAttempt& attempt, const std::string& provider,
                           const sdk::PaymentEvent& event);
    // Records and reports an amount in another currency than the attempt's; counts nothing.
    std::string currencyMismatch(sdk::Transaction& tx, const sdk::PaymentAttempt& attempt,
                                 const sdk::PaymentEvent& event, const std::string& source);
    // Records and reports an amount that is negative or would overflow; counts nothing.
    std::string amountRefused(sdk::Transaction& tx, const sdk::PaymentAttempt& attempt,
                              const sdk::PaymentEvent& event, const std::string& source);
    // Counts money received once per key, moves the attempt to Succeeded once it
    // adds up, and publishes payment.succeeded. False when the key was counted.
    bool countPayment(sdk::Transaction& tx, sdk::PaymentAttempt& attempt, std::int64_t amountMinor,
                      const std::string& providerPaymentId, const std::string& providerEventId,
                      const std::string& source);
    // Applies the inbox's unmatched events that name this payment id, now that the
    // attempt is known to have it.
    void replayUnmatched(sdk::Transaction& tx, sdk::PaymentAttempt& attempt,
                         const std::string& providerPaymentId);
    bool countRefund(sdk::Transaction& tx, sdk::PaymentAttempt& attempt, const sdk::PaymentEvent& event);
    // Moves the attempt's state when the rules let it; publishes payment.failed.
    bool moveState(sdk::Transaction& tx, sdk::PaymentAttempt& attempt, sdk::PaymentState to,
                   const std::string& failureCode, const std::string& source);
    void publish(sdk::Transaction& tx, const std::string& name, const sdk::Value& payload);
    void audit(sdk::Transaction& tx, const sdk::PaymentAttempt& attempt, const std::string& action,
               const std::string& detail, const std::string& source);
    std::int64_t now() const;

    Context _context;
    PaymentStore _store;
    Poco::Logger& _logger;
};

// Whether news that a payment is `to` may move an attempt that is `from`: forward
// only (Pending < RequiresAction < Authorized < Succeeded, Failed, Canceled),
// Unknown only from Pending, anything from Unknown. Succeeded comes from money
// received adding up, never from a state alone.
bool paymentMayMove(sdk::PaymentState from, sdk::PaymentState to);

// The fields every payment event's payload has, for `amountMinor` of the attempt's currency.
sdk::Value paymentPayload(const sdk::PaymentAttempt& attempt, std::int64_t amountMinor);

} // namespace molar::host
