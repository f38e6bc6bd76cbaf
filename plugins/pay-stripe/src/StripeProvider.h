#pragma once

#include "ChargeLog.h"
#include "CheckoutStore.h"
#include "CustomerStore.h"
#include "StripeClient.h"
#include "StripeSettings.h"

#include "molar/sdk/Clock.h"
#include "molar/sdk/Payments.h"

#include <optional>
#include <string>

namespace molar::paystripe {

// The payment provider "stripe": Stripe Checkout for invoices and for saving a card,
// PaymentIntents confirmed off-session for saved cards (charged at once, or held and
// captured later), refunds, signed webhooks, and what Stripe tells of a dispute.
//
// Idempotency keys sent to Stripe (each POST has one, derived from the host's key so
// that a retry after a crash sends the same):
//   checkout session  <attempt>:checkout     payment intent  <attempt>
//   setup session     <setup id>             capture         <attempt>:capture:<amount>
//   cancel            <attempt>:cancel       refund          <refund key>
//   customer          molar-customer-<org>   detach          molar-detach-<pm_...>
// Thread-safe: no state beyond the database and the settings.
class StripeProvider : public sdk::PaymentProvider, public sdk::DisputeLookup
{
public:
    static constexpr const char* name = "stripe";

    // How long after a charge was sent a search that does not find it proves nothing
    // (Stripe: searchable "in less than a minute" under normal conditions).
    static constexpr std::int64_t searchLagMillis = 5 * 60 * 1000;

    StripeProvider(StripeSettings settings, CustomerStore& customers, CheckoutStore& checkouts,
                   ChargeLog& charges, const sdk::Clock& clock);

    sdk::PaymentCapabilities capabilities() const override;
    // A Checkout Session in payment mode: Pending, providerPaymentId cs_..., redirectUrl
    // the session's url. The same attempt asked again gets the same open session.
    sdk::PaymentResult createCheckout(const sdk::PaymentRequest& request) override;
    // A PaymentIntent confirmed off-session with the saved card; captureLater holds it.
    sdk::PaymentResult authorize(const sdk::PaymentRequest& request) override;
    sdk::PaymentResult chargeSaved(const sdk::PaymentRequest& request) override;
    sdk::PaymentResult capture(const sdk::PaymentRequest& request, const std::string& providerPaymentId,
                               std::int64_t amountMinor) override;
    sdk::PaymentResult cancelAuthorization(const sdk::PaymentRequest& request,
                                           const std::string& providerPaymentId) override;
    // A Checkout Session in setup mode (card only): Pending, providerPaymentId cs_....
    sdk::PaymentResult saveMethod(const sdk::PaymentRequest& request) override;
    std::optional<sdk::SavedMethod> fetchMethod(const sdk::PaymentRequest& request,
                                                const std::string& providerPaymentId) override;
    void removeMethod(const sdk::PaymentRequest& request) override;
    sdk::RefundResult refund(const sdk::PaymentRequest& request, const std::string& providerPaymentId,
                             std::int64_t amountMinor) override;
    // By id (cs_... or pi_...), or without one by the attempt's key: its Checkout
    // Session, else a PaymentIntent whose metadata names it (Stripe's search).
    sdk::PaymentResult fetchPayment(const sdk::PaymentRequest& request,
                                    const std::string& providerPaymentId) override;
    std::vector<sdk::PaymentEvent> parseWebhook(const sdk::WebhookDelivery& delivery) override;

    std::optional<sdk::DisputeFacts> fetchDispute(const std::string& disputeId) override;

private:
    std::int64_t nowMillis() const;
    // The organization's Customer, made on first use; "" when the request names none.
    std::string customerFor(const sdk::PaymentRequest& request);
    std::string makeCustomer(std::int64_t organizationId, const std::string& idempotencyKey);
    // POSTs a form naming the organization's customer; when Stripe no longer has that
    // customer (deleted in the dashboard, or the key moved between test and live mode),
    // makes a new one and sends the form again once, with the same key.
    StripeAnswer postForCustomer(const sdk::PaymentRequest& request, const std::string& path, FormBody form,
                                 const std::string& idempotencyKey);
    sdk::PaymentResult confirmIntent(const sdk::PaymentRequest& request, bool holdOnly);
    // The PaymentIntent behind an id: pi_... as it is, cs_... through its session:
    // "" while the session has none, or (with `failure` set) when Stripe did not say.
    std::string paymentIntentOf(const std::string& providerPaymentId, std::optional<StripeAnswer>& failure);
    sdk::PaymentResult fetchPaymentIntent(const std::string& paymentIntentId);
    // A Checkout Session as a payment: its PaymentIntent's once paid; with `reportDecline`
    // an open page whose card was refused is Failed with the decline's code.
    sdk::PaymentResult fetchSession(const std::string& sessionId, bool reportDecline = true);
    sdk::PaymentResult resultOfSession(const Poco::JSON::Object::Ptr& session, bool reportDecline = true);
    sdk::PaymentResult findByKey(const sdk::PaymentRequest& request);
    // The payment intent after a refused capture or cancel: its state as it now is.
    sdk::PaymentResult afterRefusal(const std::string& paymentIntentId, const StripeAnswer& answer);
    std::optional<sdk::SavedMethod> fetchPaymentMethod(const std::string& paymentMethodId);

    StripeSettings _settings;
    StripeClient _client;
    CustomerStore& _customers;
    CheckoutStore& _checkouts;
    ChargeLog& _charges;
    const sdk::Clock& _clock;
};

} // namespace molar::paystripe
