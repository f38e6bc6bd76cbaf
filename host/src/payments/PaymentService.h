#pragma once

#include "db/PooledDatabase.h"
#include "jobs/EventBus.h"
#include "payments/PaymentStore.h"
#include "payments/RefundStore.h"
#include "payments/SavedMethodStore.h"

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
// provider events, the re-sync of attempts whose outcome is not known, and (SDK
// 1.7) saved methods, charges to them, captures, cancels and refunds. It
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

    // Saved methods (SavedMethods.cpp); the contract is sdk::Payments'.
    sdk::MethodSetup startSavingMethod(std::int64_t organizationId, const std::string& provider,
                                       const std::string& returnUrl, const std::string& cancelUrl,
                                       const std::string& language);
    std::optional<sdk::SavedPaymentMethod> finishSavingMethod(std::int64_t organizationId,
                                                              const std::string& setupId);
    std::vector<sdk::SavedPaymentMethod> savedMethods(std::int64_t organizationId);
    std::optional<sdk::SavedPaymentMethod> defaultMethod(std::int64_t organizationId);
    bool makeDefaultMethod(std::int64_t organizationId, std::int64_t methodId, const sdk::Actor& actor);
    bool removeMethod(std::int64_t organizationId, std::int64_t methodId, const sdk::Actor& actor);

    // Calls that move money on an attempt (PaymentOperations.cpp, Refunds.cpp).
    sdk::PaymentResult chargeSavedMethod(const std::string& attemptId, std::int64_t methodId,
                                         bool captureLater);
    sdk::PaymentResult capture(const std::string& attemptId, std::int64_t amountMinor);
    sdk::PaymentResult cancelAuthorization(const std::string& attemptId);
    sdk::RefundResult refund(const std::string& attemptId, std::int64_t amountMinor,
                             const std::string& refundKey, const sdk::Actor& actor);
    std::optional<sdk::PaymentAttempt> refresh(const std::string& attemptId);
    std::optional<sdk::DisputeFacts> dispute(const std::string& provider, const std::string& disputeId);

    // Asks the providers about attempts left Unknown, and about Pending ones of
    // online providers unchanged for `staleAfter` (an offline one, a bank transfer,
    // is waited for), each at most once per `staleAfter`; applies what they say.
    // Never starts a payment again. Refunds left Unknown are asked again with their
    // refund key (which the provider never carries out twice), at most once per
    // `staleAfter`. Returns how many attempts and refunds it asked about.
    int resync(std::chrono::minutes staleAfter, int limit = 50);

    // The request every provider call for the attempt carries.
    static sdk::PaymentRequest requestFor(const sdk::PaymentAttempt& attempt);

private:
    std::optional<sdk::PaymentAttempt>
    applyResult(const std::string& attemptId, const sdk::PaymentResult& result, const std::string& source);
    // The attempt, or std::invalid_argument; and its provider, or std::runtime_error.
    sdk::PaymentAttempt knownAttempt(const std::string& attemptId);
    std::shared_ptr<sdk::PaymentProvider> providerOf(const std::string& name);
    // A MethodSaved event: finds its setup (by the setup id it echoes, else the
    // provider's setup id) and stores the method; the inbox's outcome.
    std::string recordSavedMethod(sdk::Transaction& tx, const std::string& provider,
                                  const sdk::PaymentEvent& event);
    // Stores the method a (locked) setup saved, once: the first of the organization
    // becomes its default; publishes payment.method_saved for a method new here.
    std::optional<sdk::SavedPaymentMethod> storeMethod(sdk::Transaction& tx, const MethodSetupRow& setup,
                                                       const sdk::SavedMethod& method,
                                                       const std::string& source);
    // Records a refund's answer (or its lost answer) on its row and counts the money
    // of a Succeeded one; the refund as the caller sees it.
    sdk::RefundResult settleRefund(const std::string& refundKey, const sdk::RefundResult& answer,
                                   const std::string& source);
    int resyncRefunds(std::int64_t staleBefore, int limit);
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
    // Counts a refund once per key (the provider's refund id), marks the host's
    // refund of that id succeeded, and publishes payment.refunded. False when counted.
    bool countRefund(sdk::Transaction& tx, sdk::PaymentAttempt& attempt, std::int64_t amountMinor,
                     const std::string& key, const std::string& providerPaymentId,
                     const std::string& providerEventId, const std::string& source);
    // Moves the attempt's state when the rules let it; publishes payment.failed.
    bool moveState(sdk::Transaction& tx, sdk::PaymentAttempt& attempt, sdk::PaymentState to,
                   const std::string& failureCode, const std::string& source);
    void publish(sdk::Transaction& tx, const std::string& name, const sdk::Value& payload);
    void audit(sdk::Transaction& tx, const sdk::PaymentAttempt& attempt, const std::string& action,
               const std::string& detail, const std::string& source);
    std::int64_t now() const;

    Context _context;
    PaymentStore _store;
    SavedMethodStore _methods;
    RefundStore _refunds;
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
