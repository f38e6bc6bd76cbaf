#pragma once

#include "SimulatedGateway.h"

#include "molar/sdk/Payments.h"

#include <cstdint>
#include <memory>
#include <string>

// The provider "pay-example": a card-like hosted checkout with authorize/capture,
// saved methods, off-session charges, partial refunds and signed webhooks, all
// against SimulatedGateway. Each call passes the host's idempotency key to the
// gateway, and a gateway timeout becomes state Unknown for the host to settle by
// fetchPayment(). Thread-safe: the gateway is, and the provider keeps no state.
class ExampleProvider : public molar::sdk::PaymentProvider
{
public:
    static constexpr const char* name = "pay-example";

    ExampleProvider(std::shared_ptr<SimulatedGateway> gateway, std::string webhookSecret,
                    std::int64_t toleranceMillis);

    molar::sdk::PaymentCapabilities capabilities() const override;
    molar::sdk::PaymentResult createCheckout(const molar::sdk::PaymentRequest& request) override;
    molar::sdk::PaymentResult authorize(const molar::sdk::PaymentRequest& request) override;
    molar::sdk::PaymentResult capture(const molar::sdk::PaymentRequest& request,
                                      const std::string& providerPaymentId,
                                      std::int64_t amountMinor) override;
    molar::sdk::PaymentResult cancelAuthorization(const molar::sdk::PaymentRequest& request,
                                                  const std::string& providerPaymentId) override;
    molar::sdk::PaymentResult chargeSaved(const molar::sdk::PaymentRequest& request) override;
    molar::sdk::PaymentResult saveMethod(const molar::sdk::PaymentRequest& request) override;
    std::optional<molar::sdk::SavedMethod> fetchMethod(const molar::sdk::PaymentRequest& request,
                                                       const std::string& providerPaymentId) override;
    void removeMethod(const molar::sdk::PaymentRequest& request) override;
    molar::sdk::RefundResult refund(const molar::sdk::PaymentRequest& request,
                                    const std::string& providerPaymentId, std::int64_t amountMinor) override;
    molar::sdk::PaymentResult fetchPayment(const molar::sdk::PaymentRequest& request,
                                           const std::string& providerPaymentId) override;
    std::vector<molar::sdk::PaymentEvent> parseWebhook(const molar::sdk::WebhookDelivery& delivery) override;

private:
    std::shared_ptr<SimulatedGateway> _gateway;
    std::string _secret;
    std::int64_t _toleranceMillis;
};
