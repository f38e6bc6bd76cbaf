#pragma once

#include "OrderStore.h"
#include "RazorpayClient.h"
#include "RazorpaySettings.h"

#include "molar/sdk/Clock.h"
#include "molar/sdk/Logger.h"
#include "molar/sdk/Payments.h"

#include <array>
#include <mutex>
#include <string>
#include <vector>

namespace molar::payrazorpay {

// The payment provider "razorpay": a Razorpay order per attempt, paid on our checkout
// page through Razorpay Checkout (UPI, net banking, wallets, cards), captured as soon as
// it is authorized (Razorpay refunds authorizations left uncaptured), refunded in whole
// or in parts. Results and events name the payment by its order id, so the callback,
// the webhooks and the re-sync count one payment once.
class RazorpayProvider : public sdk::PaymentProvider
{
public:
    static constexpr const char* checkoutPath = "/payments/razorpay/checkout/";
    // Razorpay's smallest order: INR 1.00.
    static constexpr std::int64_t minimumMinor = 100;

    RazorpayProvider(const RazorpaySettings& settings, const RazorpayClient& client, OrderStore& orders,
                     const sdk::Clock& clock, sdk::Logger& logger, std::string publicUrl);

    sdk::PaymentCapabilities capabilities() const override;
    sdk::PaymentResult createCheckout(const sdk::PaymentRequest& request) override;
    sdk::PaymentResult fetchPayment(const sdk::PaymentRequest& request,
                                    const std::string& providerPaymentId) override;
    sdk::RefundResult refund(const sdk::PaymentRequest& request, const std::string& providerPaymentId,
                             std::int64_t amountMinor) override;
    std::vector<sdk::PaymentEvent> parseWebhook(const sdk::WebhookDelivery& delivery) override;

    // The order as Razorpay has it now, an authorized payment of it captured first.
    // Throws RazorpayUnreachable and RazorpayApiError.
    sdk::PaymentResult settleOrder(const StoredOrder& order);
    // Whether Razorpay knows payment `paymentId` as one of the order's.
    bool paymentOfOrder(const std::string& paymentId, const std::string& orderId);

    const RazorpaySettings& settings() const { return _settings; }

    // The order's receipt (at most 40 characters, Razorpay's limit): the attempt id, or
    // a digest of it when longer. Orders are found again by it after a lost answer.
    static std::string receiptFor(const std::string& attemptId);
    // X-Refund-Idempotency for a refund key: 10 to 255 characters, the key when it fits.
    static std::string refundIdempotencyKey(const std::string& refundKey);

private:
    std::mutex& lockFor(const std::string& key);
    sdk::PaymentResult pending(const StoredOrder& order) const;
    // An order Razorpay made for the attempt before an answer was lost; "" when none.
    std::string findOrderByReceipt(const StoredOrder& order);
    std::string createOrder(const StoredOrder& order, const sdk::PaymentRequest& request);
    // The order's payments, an authorized one captured when nothing is captured yet.
    std::vector<Poco::JSON::Object::Ptr> paymentsSettled(const StoredOrder& order);
    sdk::PaymentResult resultOf(const Poco::JSON::Object::Ptr& order,
                                const std::vector<Poco::JSON::Object::Ptr>& payments) const;
    // The stored order a payment id (pay_… or order_…) or the request's key names.
    std::optional<StoredOrder> storedFor(const sdk::PaymentRequest& request,
                                         const std::string& providerPaymentId);
    void captureAfterWebhook(const std::string& orderId, const std::string& eventId,
                             std::vector<sdk::PaymentEvent>& events);

    const RazorpaySettings& _settings;
    const RazorpayClient& _client;
    OrderStore& _orders;
    const sdk::Clock& _clock;
    sdk::Logger& _logger;
    std::string _publicUrl;
    std::array<std::mutex, 32> _locks;
};

} // namespace molar::payrazorpay
