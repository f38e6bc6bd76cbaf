#pragma once

#include "molar/sdk/Audit.h"
#include "molar/sdk/Database.h"
#include "molar/sdk/Export.h"
#include "molar/sdk/Money.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace molar::sdk {

// Provider-neutral payments (since SDK 1.6). A payment-provider plugin (bank
// transfer, a card processor) implements PaymentProvider and adds it from start();
// the host's payment service calls it for invoices and top-ups, with its own
// idempotency keys, and turns the provider's webhooks into events. docs/sdk.md,
// "Writing a payment provider", explains the contract; testing/PaymentProviderConformance.h
// checks it.

// How the payer pays.
enum class PaymentFlow
{
    HostedCheckout, // the payer is sent to the provider's page (PaymentResult::redirectUrl)
    ClientWidget,   // the provider's script on the portal's page (PaymentResult::clientSecret)
    Offline         // the payer acts outside the portal, e.g. a bank transfer (PaymentResult::instructions)
};

// What a provider can do, as data. The host offers only what is listed here, and
// the calls a provider cannot do throw PaymentUnsupported.
struct PaymentCapabilities
{
    std::string name;        // [a-z][a-z0-9-]*: "bank", "stripe"; the provider's name in routes and records
    std::string displayName; // what the payer sees on "Pay": "Bank transfer"
    PaymentFlow flow = PaymentFlow::HostedCheckout;
    bool authorizeCapture = false; // authorize(), capture(), cancelAuthorization()
    bool savedMethods = false;     // saveMethod(), fetchMethod(), removeMethod()
    bool offSession = false;       // chargeSaved()
    bool refunds = false;          // refund() of the whole captured amount
    bool partialRefunds = false;   // refund() of part of it, several times
    bool webhooks = false; // parseWebhook(): the provider's servers report to /payments/webhooks/<name>
    std::vector<std::string> currencies; // ISO 4217 codes it takes; empty: any
};

// Where a payment stands. Refunds are amounts (PaymentResult::refundedMinor), not a state.
enum class PaymentState
{
    Pending,        // created; the payer has not paid yet (checkout open, transfer awaited)
    RequiresAction, // the payer must act (3-D Secure, a bank's confirmation)
    Authorized,     // money reserved, not captured
    Succeeded,      // money captured
    Failed,         // declined or expired: failureCode says why
    Canceled,       // an authorization or a checkout canceled before capture
    Unknown         // the call's outcome is not known (a timeout after sending): settle with fetchPayment()
};

// One call's input. Every call carries the host's idempotency key: the provider
// passes it on to its gateway (or keeps a map of its own), so that repeating a call
// with the same key never moves money twice.
struct PaymentRequest
{
    // The host's payment attempt id, the same on every retry of the attempt's call.
    // For refund() it is the refund's own id; capture() and cancelAuthorization()
    // carry the attempt's id, and a gateway that wants one key per operation makes
    // it from this one ("<key>:capture").
    std::string idempotencyKey;
    Money amount;
    std::string description;        // one line for the payer's statement or the provider's dashboard
    std::string reference;          // what the payer sees: the invoice number, a top-up reference
    std::string customerId;         // the host's organization id, as text
    std::string providerCustomerId; // the provider's customer, when the host knows it
    std::string savedMethodId;      // authorize()/chargeSaved(): the method (or the widget's token) to charge
    std::string returnUrl;          // hosted checkout: where the payer comes back after paying
    std::string cancelUrl;          // hosted checkout: where the payer comes back after giving up
    std::map<std::string, std::string> metadata; // passed through to the provider where it can keep it
    bool captureLater = false; // authorize(): reserve only; the host captures (or cancels) later
    // The payer's language ("ar"), for the words the provider writes for them (Offline
    // instructions); empty: the portal's default. Translate with Views::translate.
    std::string language;
};

// A payment as the provider sees it, after a call or a re-sync.
struct PaymentResult
{
    PaymentState state = PaymentState::Pending;
    std::string providerPaymentId;  // the provider's id; may be empty only when state is Unknown
    Money amount;                   // what the payment is for
    std::int64_t capturedMinor = 0; // money taken so far
    std::int64_t refundedMinor = 0; // money given back so far (never more than capturedMinor)
    std::string redirectUrl;        // HostedCheckout: send the payer here
    std::string clientSecret;       // ClientWidget: what the provider's script needs
    std::string instructions;       // Offline: what the payer does, e.g. the IBAN and the reference
    std::string payerReference;     // Offline: the reference the payer must quote with the transfer
    std::string
        failureCode; // Failed: the provider's decline code ("card_declined"); Unknown: "timeout", "not_found"
    std::string detail; // a sentence for the lab's staff; never a card number or a secret
};

// A saved payment method: what the portal may show. Never a card number.
struct SavedMethod
{
    std::string providerMethodId;
    std::string brand; // "visa", "mastercard", "sepa_debit"
    std::string last4;
    int expMonth = 0; // 1-12; 0 when the method does not expire
    int expYear = 0;  // four digits; 0 when the method does not expire
};

struct RefundResult
{
    std::string providerRefundId;
    PaymentState state = PaymentState::Pending; // Succeeded, Pending, Failed or Unknown
    std::int64_t amountMinor = 0;
    std::string detail;
    std::string failureCode; // Failed: "exceeds_capture", the provider's code; Unknown: "timeout"
};

// A webhook request as it reached the host, unparsed: the provider verifies it.
struct WebhookDelivery
{
    std::string body;                           // the raw bytes, as signed
    std::map<std::string, std::string> headers; // names in lower case
    std::int64_t receivedAtMillis = 0;          // the host's clock, milliseconds since the epoch
};

enum class PaymentEventKind
{
    Succeeded,
    Failed,
    Authorized,
    Canceled,
    Refunded,
    DisputeOpened,
    DisputeClosed,
    MethodSaved
};

// What a verified webhook says, provider-neutral.
struct PaymentEvent
{
    // The provider's id of the event: the host records (provider name, providerEventId)
    // once, so the same delivery repeated gives the same id.
    std::string providerEventId;
    PaymentEventKind kind = PaymentEventKind::Succeeded;
    std::string idempotencyKey;        // the attempt id, when the provider echoes it back
    std::string providerPaymentId;     // the payment it concerns (empty for MethodSaved without one)
    Money amount;                      // Succeeded/Authorized: the amount; Refunded: the refund's amount
    std::string providerRefundId;      // Refunded
    std::string disputeId;             // DisputeOpened/DisputeClosed
    std::string disputeOutcome;        // DisputeClosed: "won" or "lost"
    SavedMethod method;                // MethodSaved
    std::int64_t occurredAtMillis = 0; // the provider's time of the event
};

// Thrown by parseWebhook() for a delivery that must not be believed: a bad or
// missing signature, a timestamp outside the provider's tolerance (a replay), a
// body that does not parse. The host answers 400 and records nothing.
class MOLAR_SDK_API WebhookRefused : public std::runtime_error
{
public:
    explicit WebhookRefused(const std::string& message);
    ~WebhookRefused() override;
};

// Thrown by a call the provider's capabilities do not list (the defaults below).
class MOLAR_SDK_API PaymentUnsupported : public std::runtime_error
{
public:
    explicit PaymentUnsupported(const std::string& message);
    ~PaymentUnsupported() override;
};

// A payment provider (since SDK 1.6). A plugin implements it and adds it from
// start() with host.payments().addProvider(); the host calls it from request
// threads and jobs, several calls at once, so every call must be thread-safe.
//
// Outcomes: a decline returns state Failed with failureCode. A call whose outcome
// is not known (the request was sent, the answer was lost) returns state Unknown;
// the host settles it with fetchPayment() later and never calls again with a new
// key. Misconfiguration (a bad API key, a currency the account cannot take) throws
// PermanentError; any other exception counts as Unknown too.
//
// The calls beside capabilities(), createCheckout() and fetchPayment() have
// defaults that throw PaymentUnsupported: override those the capabilities list.
class MOLAR_SDK_API PaymentProvider
{
public:
    virtual ~PaymentProvider();
    PaymentProvider() = default;
    PaymentProvider(const PaymentProvider&) = delete; // interfaces are never copied or moved
    PaymentProvider& operator=(const PaymentProvider&) = delete;

    virtual PaymentCapabilities capabilities() const = 0;
    // Starts a payment the payer completes: a hosted page (redirectUrl), the client
    // widget (clientSecret) or offline instructions (instructions, payerReference).
    // Usually Pending; the outcome comes by webhook or fetchPayment().
    virtual PaymentResult createCheckout(const PaymentRequest& request) = 0;
    // Charges request.savedMethodId with the payer present; with captureLater the
    // money is only reserved (Authorized).
    virtual PaymentResult authorize(const PaymentRequest& request);
    // Captures an authorization, whole or in part (amountMinor).
    virtual PaymentResult capture(const PaymentRequest& request, const std::string& providerPaymentId,
                                  std::int64_t amountMinor);
    virtual PaymentResult cancelAuthorization(const PaymentRequest& request,
                                              const std::string& providerPaymentId);
    // Charges request.savedMethodId with the payer absent (autopay, a top-up).
    virtual PaymentResult chargeSaved(const PaymentRequest& request);
    // Starts saving a method: a redirect or a client secret; the method itself
    // comes back by a MethodSaved webhook or from fetchMethod().
    virtual PaymentResult saveMethod(const PaymentRequest& request);
    // The method a saveMethod() result (its providerPaymentId) saved, once the payer finished.
    virtual std::optional<SavedMethod> fetchMethod(const PaymentRequest& request,
                                                   const std::string& providerPaymentId);
    // Forgets a saved method at the provider (request.savedMethodId).
    virtual void removeMethod(const PaymentRequest& request);
    // Gives back amountMinor of a captured payment; request.idempotencyKey is the
    // refund's own id. Refunds together never exceed the captured amount: a refund
    // beyond it returns state Failed with failureCode "exceeds_capture". A part of
    // the amount when the capabilities list no partialRefunds throws PaymentUnsupported.
    virtual RefundResult refund(const PaymentRequest& request, const std::string& providerPaymentId,
                                std::int64_t amountMinor);
    // The payment as the provider sees it now (re-sync). When providerPaymentId is
    // empty (an Unknown call that gave no id) the provider finds it by
    // request.idempotencyKey; a payment it has no trace of comes back Unknown with
    // failureCode "not_found", and the host may repeat the original call with the
    // same key, which is safe.
    virtual PaymentResult fetchPayment(const PaymentRequest& request,
                                       const std::string& providerPaymentId) = 0;
    // Verifies a webhook delivery and turns it into events (none for a delivery of
    // no interest). Throws WebhookRefused for a bad signature, a stale timestamp or
    // a malformed body.
    virtual std::vector<PaymentEvent> parseWebhook(const WebhookDelivery& delivery);
};

// A payment method an organization saved with a provider, as the host keeps it
// (since SDK 1.7): what the portal may show, never a card number.
struct SavedPaymentMethod
{
    std::int64_t id = 0; // the host's id
    std::int64_t organizationId = 0;
    std::string provider;
    SavedMethod method;
    bool isDefault = false; // the one autopay, prepay and auto top-up charge
    std::int64_t savedAtMillis = 0;
};

// Saving a method, started by Payments::startSavingMethod (since SDK 1.7).
struct MethodSetup
{
    std::string id; // the host's setup id, random and unguessable
    std::string provider;
    std::int64_t organizationId = 0;
    std::string redirectUrl;  // HostedCheckout: send the payer here
    std::string clientSecret; // ClientWidget: what the provider's script needs
};

// What a provider tells of a dispute (chargeback) when asked (since SDK 1.7).
struct DisputeFacts
{
    std::string disputeId;
    std::string providerPaymentId;
    std::int64_t amountMinor = 0;
    std::string currency;
    std::string reason;                   // the provider's word: "fraudulent", "product_not_received"
    std::string status;                   // the provider's word: "needs_response", "won", "lost"
    std::int64_t evidenceDueAtMillis = 0; // the deadline to answer it; 0 when none
};

// A provider that can tell about its disputes implements this interface as well
// (since SDK 1.7); the host finds it with dynamic_cast. Thread-safe.
class MOLAR_SDK_API DisputeLookup
{
public:
    virtual ~DisputeLookup();
    DisputeLookup() = default;
    DisputeLookup(const DisputeLookup&) = delete;
    DisputeLookup& operator=(const DisputeLookup&) = delete;
    // The dispute as the provider sees it now; nothing when it has no such dispute.
    // A lost answer throws.
    virtual std::optional<DisputeFacts> fetchDispute(const std::string& disputeId) = 0;
};

// What a payment is for (since SDK 1.6): named by the plugin that takes it.
struct PaymentPurpose
{
    std::string kind;                // "invoice", "topup"
    std::string id;                  // the invoice's or top-up's id, as text
    std::int64_t organizationId = 0; // the clinic organization that pays
    std::string reference;           // what the payer sees: "INV-2026-000042"
    std::string description;         // one line for the provider and the payer's statement
};

// One try at taking a payment, as the host's payment service keeps it (since SDK 1.6).
struct PaymentAttempt
{
    // Random and unguessable; the idempotency key of every provider call made for it.
    std::string id;
    std::string provider;
    PaymentPurpose purpose;
    Money amount;
    PaymentState state = PaymentState::Pending;
    std::string providerPaymentId;  // as the provider's first answer or event named it
    std::string payerReference;     // Offline: the reference the payer quotes
    std::int64_t capturedMinor = 0; // money received so far (a bank transfer may come in parts)
    std::int64_t refundedMinor = 0; // money given back so far
    std::string failureCode;        // Failed: the provider's code
    std::int64_t createdAtMillis = 0;
    std::int64_t updatedAtMillis = 0;
};

// The host's payments, for provider plugins and the plugins that take payments
// (since SDK 1.6).
//
// Ownership: host owns; valid until Plugin::stop() returns. The host keeps the
// providers it is given and drops them before the plugin stops.
class MOLAR_SDK_API Payments
{
public:
    virtual ~Payments();
    Payments() = default;
    Payments(const Payments&) = delete; // interfaces are never copied or moved
    Payments& operator=(const Payments&) = delete;
    // Offers a provider under capabilities().name. Throws std::invalid_argument for
    // a name that is not [a-z][a-z0-9-]* or that another provider already has.
    virtual void addProvider(std::shared_ptr<PaymentProvider> provider) = 0;
    // The capabilities of every provider offered, by name.
    virtual std::vector<PaymentCapabilities> providers() = 0;
    // The provider of that name, or null. What it returns keeps the provider's
    // plugin loaded while held: hold it for a call, not beyond.
    virtual std::shared_ptr<PaymentProvider> provider(const std::string& name) = 0;

    // The payment service (since SDK 1.6). An attempt's state never moves back
    // (Pending < RequiresAction < Authorized < Succeeded, Failed, Canceled; Unknown
    // until settled), so late or repeated news leave it as it is. Money is counted
    // once per provider payment id (a receipt) and per refund id: a provider that
    // reports several receipts for one attempt (parts of a bank transfer) gives each
    // its own providerPaymentId, and the attempt succeeds once they add up to its
    // amount. Every change publishes its event in the transaction that records it:
    // payment.succeeded (once per receipt, with that receipt's amount),
    // payment.failed, payment.refunded, dispute.opened, dispute.closed,
    // payment.method_saved (see docs/architecture.md, "Payments", for the payloads).

    // Records a new attempt (state Pending) in the caller's transaction. Throws
    // std::invalid_argument for a provider nobody offers, a currency it does not
    // take, an amount that is not positive or a purpose without kind or id.
    virtual PaymentAttempt begin(Transaction& tx, const PaymentPurpose& purpose, const std::string& provider,
                                 const Money& amount) = 0;
    // Asks the provider for the attempt's checkout (outside any transaction) and
    // records what it answered; the result carries the redirect, the widget's secret
    // or the offline instructions, which the host does not keep. A provider that
    // throws (other than PermanentError or PaymentUnsupported, which are rethrown)
    // leaves the attempt Unknown, for the re-sync. Throws std::invalid_argument for
    // an unknown or settled attempt.
    virtual PaymentResult checkout(const std::string& attemptId, const std::string& returnUrl,
                                   const std::string& cancelUrl) = 0;
    // Records a provider's event (a webhook's, or a provider plugin's own page such
    // as "transfer received") once per (provider, providerEventId) and applies it to
    // its attempt: by idempotencyKey, else by providerPaymentId. Returns false when
    // that event was already recorded. An event of no known attempt of this provider
    // is kept in the inbox and changes nothing. Runs its own transaction: call it
    // outside one. Throws std::invalid_argument for an event without providerEventId.
    virtual bool record(const std::string& provider, const PaymentEvent& event) = 0;
    virtual std::optional<PaymentAttempt> attempt(const std::string& id) = 0;
    // Oldest first.
    virtual std::vector<PaymentAttempt> attemptsFor(const std::string& purposeKind,
                                                    const std::string& purposeId) = 0;
    // Applies what a provider call answered (fetchPayment, a capture) to the attempt
    // by the same rules. A Succeeded result's capturedMinor (else its amount) is the
    // provider's total for the attempt: the part not counted yet is counted once,
    // under the result's providerPaymentId. Refunds are counted from refund events
    // only. Returns the attempt as it now is, nothing for an unknown id.
    virtual std::optional<PaymentAttempt> apply(const std::string& attemptId,
                                                const PaymentResult& result) = 0;

    // Since SDK 1.7: saved methods, and the calls that move money on an attempt.
    // Every call below asks the provider outside any transaction (call it outside
    // one) and records the answer by the rules above. A provider that throws
    // PermanentError or PaymentUnsupported has it rethrown; any other exception
    // leaves the attempt Unknown, for the re-sync, and returns state Unknown.

    // Starts saving a method for the organization with a provider that lists
    // savedMethods. The literal {SETUP_ID} in returnUrl (and cancelUrl) is replaced
    // by the setup's id. The method is recorded when the provider reports it (a
    // MethodSaved event naming the setup id as idempotencyKey, or the provider's
    // setup id) or when finishSavingMethod() asks. Throws std::invalid_argument for a
    // provider that cannot save methods, and std::runtime_error when the provider
    // gave nothing to send the payer to (its answer lost, or refused): try again.
    virtual MethodSetup startSavingMethod(std::int64_t organizationId, const std::string& provider,
                                          const std::string& returnUrl, const std::string& cancelUrl,
                                          const std::string& language) = 0;
    // The payer came back from saving: asks the provider (fetchMethod) and records
    // the method. Nothing while it is not saved yet, or for a setup of another
    // organization.
    virtual std::optional<SavedPaymentMethod> finishSavingMethod(std::int64_t organizationId,
                                                                 const std::string& setupId) = 0;
    // The organization's saved methods, the default first, then the newest. The first
    // method saved becomes the default; saving the same provider method again changes
    // nothing.
    virtual std::vector<SavedPaymentMethod> savedMethods(std::int64_t organizationId) = 0;
    virtual std::optional<SavedPaymentMethod> defaultMethod(std::int64_t organizationId) = 0;
    // False for a method of another organization (or none). Audited.
    virtual bool makeDefaultMethod(std::int64_t organizationId, std::int64_t methodId,
                                   const Actor& actor) = 0;
    // Forgets the method here and at the provider; the newest remaining one becomes
    // the default. False for a method of another organization (or none). Audited.
    virtual bool removeMethod(std::int64_t organizationId, std::int64_t methodId, const Actor& actor) = 0;

    // Charges a Pending attempt to one of its organization's saved methods (of the
    // attempt's provider): with the payer absent (chargeSaved), or with captureLater
    // only reserved (authorize, then capture() or cancelAuthorization()). A card that
    // needs its holder (3-D Secure) comes back RequiresAction with failureCode
    // "authentication_required" and is never retried by the host. Throws
    // std::invalid_argument for an unknown or settled attempt or a method it may not use.
    virtual PaymentResult chargeSavedMethod(const std::string& attemptId, std::int64_t methodId,
                                            bool captureLater) = 0;
    // Captures an Authorized attempt, whole or amountMinor of it (at most the
    // amount); the rest of the hold is released. Capturing again changes nothing.
    virtual PaymentResult capture(const std::string& attemptId, std::int64_t amountMinor) = 0;
    // Releases an Authorized (or Pending) attempt's hold: Canceled.
    virtual PaymentResult cancelAuthorization(const std::string& attemptId) = 0;
    // Gives back amountMinor of what the attempt captured. refundKey is the
    // caller's idempotency key for this refund (the same on a retry, a double click):
    // a key already used returns that refund again. Refunds together, pending ones
    // included, never exceed what was captured: beyond it the result is Failed with
    // failureCode "exceeds_capture" and the provider is not asked. Audited.
    virtual RefundResult refund(const std::string& attemptId, std::int64_t amountMinor,
                                const std::string& refundKey, const Actor& actor) = 0;
    // Asks the provider about the attempt now (fetchPayment) and applies its answer:
    // a payer back from a hosted checkout sees the outcome before the webhook comes.
    virtual std::optional<PaymentAttempt> refresh(const std::string& attemptId) = 0;
    // What the provider tells of a dispute (DisputeLookup); nothing when the provider
    // cannot tell or has no such dispute. A lost answer throws.
    virtual std::optional<DisputeFacts> dispute(const std::string& provider,
                                                const std::string& disputeId) = 0;
};

} // namespace molar::sdk
