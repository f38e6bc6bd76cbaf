// A card payment provider for the billing suite's prepay and autopay tests: holds,
// captures, releases and off-session charges kept per idempotency key (the same key
// is the same payment, as at a real gateway), switches for a decline and for a card
// that needs its holder to authenticate, and a count of every call.
#pragma once

#include "molar/sdk/Payments.h"

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

namespace molar::test {

class CardChargesProvider : public sdk::PaymentProvider
{
public:
    static constexpr const char* kName = "cardtest";

    sdk::PaymentCapabilities capabilities() const override
    {
        sdk::PaymentCapabilities c;
        c.name = kName;
        c.displayName = "Test card";
        c.flow = sdk::PaymentFlow::HostedCheckout;
        c.authorizeCapture = c.savedMethods = c.offSession = true;
        c.refunds = c.partialRefunds = true;
        c.currencies = {"QAR"};
        return c;
    }
    sdk::PaymentResult createCheckout(const sdk::PaymentRequest& request) override
    {
        std::lock_guard<std::mutex> lock(_mutex);
        sdk::PaymentResult r;
        r.state = sdk::PaymentState::Pending;
        r.providerPaymentId = "cs_" + request.idempotencyKey;
        r.amount = request.amount;
        r.redirectUrl = "https://cards.example/checkout/" + request.idempotencyKey;
        return r;
    }
    sdk::PaymentResult authorize(const sdk::PaymentRequest& request) override
    {
        slowly();
        std::lock_guard<std::mutex> lock(_mutex);
        ++authorizeCalls;
        return start(request,
                     request.captureLater ? sdk::PaymentState::Authorized : sdk::PaymentState::Succeeded);
    }
    sdk::PaymentResult chargeSaved(const sdk::PaymentRequest& request) override
    {
        slowly();
        std::lock_guard<std::mutex> lock(_mutex);
        ++chargeCalls;
        return start(request, sdk::PaymentState::Succeeded);
    }
    sdk::PaymentResult capture(const sdk::PaymentRequest& request, const std::string&,
                               std::int64_t amountMinor) override
    {
        slowly();
        std::lock_guard<std::mutex> lock(_mutex);
        ++captureCalls;
        auto& p = payments.at(request.idempotencyKey);
        if (p.state == sdk::PaymentState::Authorized) {
            p.state = sdk::PaymentState::Succeeded;
            p.capturedMinor = amountMinor;
        }
        return p;
    }
    sdk::PaymentResult cancelAuthorization(const sdk::PaymentRequest& request, const std::string&) override
    {
        std::lock_guard<std::mutex> lock(_mutex);
        ++cancelCalls;
        canceledKeys += request.idempotencyKey + " ";
        auto& p = payments.at(request.idempotencyKey);
        if (p.state == sdk::PaymentState::Authorized || p.state == sdk::PaymentState::Pending)
            p.state = sdk::PaymentState::Canceled;
        return p;
    }
    sdk::PaymentResult saveMethod(const sdk::PaymentRequest& request) override
    {
        sdk::PaymentResult r;
        r.state = sdk::PaymentState::Pending;
        r.providerPaymentId = "seti_" + request.idempotencyKey;
        r.redirectUrl = "https://cards.example/setup/" + request.idempotencyKey;
        return r;
    }
    std::optional<sdk::SavedMethod> fetchMethod(const sdk::PaymentRequest&,
                                                const std::string& setupId) override
    {
        return sdk::SavedMethod{"pm_" + setupId, "visa", "4242", 12, 2030};
    }
    void removeMethod(const sdk::PaymentRequest&) override {}
    sdk::PaymentResult fetchPayment(const sdk::PaymentRequest& request, const std::string&) override
    {
        std::lock_guard<std::mutex> lock(_mutex);
        auto found = payments.find(request.idempotencyKey);
        if (found != payments.end())
            return found->second;
        sdk::PaymentResult r;
        r.state = sdk::PaymentState::Unknown;
        r.failureCode = "not_found";
        return r;
    }

    // Payments made (distinct keys that moved money or held it), of every kind.
    int paymentsMade()
    {
        std::lock_guard<std::mutex> lock(_mutex);
        int made = 0;
        for (const auto& [key, p] : payments)
            made += p.state == sdk::PaymentState::Authorized || p.state == sdk::PaymentState::Succeeded ||
                    p.state == sdk::PaymentState::Canceled;
        return made;
    }
    int calls(const int& counter)
    {
        std::lock_guard<std::mutex> lock(_mutex);
        return counter;
    }

    std::mutex _mutex;
    // How long each hold, capture and charge takes: other runs of a job meet it in flight.
    std::atomic<int> delayMillis{0};
    // What the next new payments do: decline ("card_declined"), or need the cardholder.
    bool decline = false;
    bool authenticationRequired = false;
    // How many of the next new payments are made but their answer lost (the connection reset).
    int loseAnswers = 0;
    int authorizeCalls = 0, chargeCalls = 0, captureCalls = 0, cancelCalls = 0;
    std::string canceledKeys;
    std::map<std::string, sdk::PaymentResult> payments; // by idempotency key

private:
    void slowly() { std::this_thread::sleep_for(std::chrono::milliseconds(delayMillis.load())); }

    // A new payment for a new key; the first answer again for a key seen before.
    sdk::PaymentResult start(const sdk::PaymentRequest& request, sdk::PaymentState success)
    {
        auto found = payments.find(request.idempotencyKey);
        if (found != payments.end())
            return found->second;
        sdk::PaymentResult r;
        r.providerPaymentId = "pi_" + request.idempotencyKey;
        r.amount = request.amount;
        if (decline) {
            r.state = sdk::PaymentState::Failed;
            r.failureCode = "card_declined";
        } else if (authenticationRequired) {
            r.state = sdk::PaymentState::RequiresAction;
            r.failureCode = "authentication_required";
        } else {
            r.state = success;
            r.capturedMinor = success == sdk::PaymentState::Succeeded ? request.amount.minor : 0;
        }
        payments[request.idempotencyKey] = r;
        if (loseAnswers > 0) {
            --loseAnswers;
            throw std::runtime_error("connection reset after the payment was made");
        }
        return r;
    }
};

} // namespace molar::test
