// A card gateway in memory for the payment service's tests: saved methods,
// holds, captures, cancels, off-session charges and refunds, each idempotent by
// the request's key as a real gateway is. Methods: "pm_ok" is charged,
// "pm_auth" needs its holder (authentication_required), "pm_decline" is declined.
#pragma once

#include "molar/sdk/Payments.h"

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace molar::test {

class CardTestProvider : public sdk::PaymentProvider, public sdk::DisputeLookup
{
public:
    explicit CardTestProvider(std::string name = "cards") : _name(std::move(name)) {}

    sdk::PaymentCapabilities capabilities() const override
    {
        sdk::PaymentCapabilities c;
        c.name = _name;
        c.displayName = "Test cards";
        c.flow = sdk::PaymentFlow::HostedCheckout;
        c.authorizeCapture = c.savedMethods = c.offSession = true;
        c.refunds = c.partialRefunds = true;
        c.currencies = {"QAR", "JPY", "KWD"};
        return c;
    }

    sdk::PaymentResult createCheckout(const sdk::PaymentRequest& r) override
    {
        std::lock_guard<std::mutex> lock(_mutex);
        auto& p = paymentFor(r);
        p.redirectUrl = "https://cards.example/pay/" + p.providerPaymentId;
        return answer(p);
    }
    sdk::PaymentResult authorize(const sdk::PaymentRequest& r) override
    {
        std::lock_guard<std::mutex> lock(_mutex);
        ++authorizations;
        return charge(r, r.captureLater);
    }
    sdk::PaymentResult chargeSaved(const sdk::PaymentRequest& r) override
    {
        std::lock_guard<std::mutex> lock(_mutex);
        ++offSessionCharges;
        return charge(r, false);
    }
    sdk::PaymentResult capture(const sdk::PaymentRequest&, const std::string& id,
                               std::int64_t amountMinor) override
    {
        std::lock_guard<std::mutex> lock(_mutex);
        ++captures;
        auto& p = _payments.at(id);
        // More than the hold is refused and takes nothing; a capture done is done.
        if (p.state == sdk::PaymentState::Authorized && amountMinor > 0 && amountMinor <= p.amount.minor) {
            p.state = sdk::PaymentState::Succeeded;
            p.capturedMinor = amountMinor;
        }
        return answer(p);
    }
    sdk::PaymentResult cancelAuthorization(const sdk::PaymentRequest&, const std::string& id) override
    {
        std::lock_guard<std::mutex> lock(_mutex);
        ++cancels;
        auto& p = _payments.at(id);
        if (p.state != sdk::PaymentState::Succeeded && p.state != sdk::PaymentState::Failed)
            p.state = sdk::PaymentState::Canceled;
        return answer(p);
    }
    sdk::PaymentResult saveMethod(const sdk::PaymentRequest& r) override
    {
        std::lock_guard<std::mutex> lock(_mutex);
        saveRequests.push_back(r);
        auto found = _setupOfKey.find(r.idempotencyKey);
        const std::string id = found != _setupOfKey.end() ? found->second : "seti_" + std::to_string(++_next);
        _setupOfKey[r.idempotencyKey] = id;
        _setups.emplace(id, std::nullopt);
        sdk::PaymentResult result;
        result.state = sdk::PaymentState::Pending;
        result.providerPaymentId = id;
        result.redirectUrl = "https://cards.example/setup/" + id;
        return result;
    }
    std::optional<sdk::SavedMethod> fetchMethod(const sdk::PaymentRequest&, const std::string& id) override
    {
        std::lock_guard<std::mutex> lock(_mutex);
        ++methodFetches;
        auto found = _setups.find(id);
        return found == _setups.end() ? std::nullopt : found->second;
    }
    void removeMethod(const sdk::PaymentRequest& r) override
    {
        std::lock_guard<std::mutex> lock(_mutex);
        removed.push_back(r.savedMethodId);
    }
    sdk::RefundResult refund(const sdk::PaymentRequest& r, const std::string& id,
                             std::int64_t amountMinor) override
    {
        // Slow, as a gateway over the network is: refunds asked at once overlap.
        if (refundDelay.count() > 0)
            std::this_thread::sleep_for(refundDelay);
        std::lock_guard<std::mutex> lock(_mutex);
        ++refundCalls;
        auto found = _refunds.find(r.idempotencyKey);
        if (found == _refunds.end()) {
            auto& p = _payments.at(id);
            sdk::RefundResult result;
            result.amountMinor = amountMinor;
            if (p.refundedMinor + amountMinor > p.capturedMinor) {
                result.state = sdk::PaymentState::Failed;
                result.failureCode = "exceeds_capture";
            } else {
                p.refundedMinor += amountMinor;
                ++refundsMade;
                result.state = pendingRefunds ? sdk::PaymentState::Pending : sdk::PaymentState::Succeeded;
                result.providerRefundId = "re_" + std::to_string(++_next);
            }
            found = _refunds.emplace(r.idempotencyKey, result).first;
        }
        if (throwNextRefund) {
            throwNextRefund = false;
            throw std::runtime_error("connection reset after sending");
        }
        if (loseNext) {
            loseNext = false;
            sdk::RefundResult lost;
            lost.state = sdk::PaymentState::Unknown;
            lost.failureCode = "timeout";
            return lost;
        }
        return found->second;
    }
    sdk::PaymentResult fetchPayment(const sdk::PaymentRequest& r, const std::string& id) override
    {
        std::lock_guard<std::mutex> lock(_mutex);
        ++fetches;
        std::string key = id;
        if (key.empty()) {
            auto found = _paymentOfKey.find(r.idempotencyKey);
            key = found == _paymentOfKey.end() ? "" : found->second;
        }
        auto found = _payments.find(key);
        if (found == _payments.end()) {
            sdk::PaymentResult none;
            none.state = sdk::PaymentState::Unknown;
            none.failureCode = "not_found";
            return none;
        }
        sdk::PaymentResult result = found->second;
        result.redirectUrl.clear();
        return result;
    }
    std::optional<sdk::DisputeFacts> fetchDispute(const std::string& disputeId) override
    {
        if (disputeId != "dp_1")
            return std::nullopt;
        return sdk::DisputeFacts{"dp_1", "cp_1", 5000, "QAR", "fraudulent", "needs_response", 1900600000000};
    }

    // The payer finished saving on the provider's page.
    void completeSetup(const std::string& setupId, const sdk::SavedMethod& method)
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _setups[setupId] = method;
    }
    // The next call does its work, and its answer is lost (state Unknown).
    void loseNextAnswer()
    {
        std::lock_guard<std::mutex> lock(_mutex);
        loseNext = true;
    }
    sdk::PaymentResult payment(const std::string& id)
    {
        std::lock_guard<std::mutex> lock(_mutex);
        return _payments.at(id);
    }

    int authorizations = 0, offSessionCharges = 0, captures = 0, cancels = 0, methodFetches = 0;
    int refundCalls = 0, refundsMade = 0, fetches = 0;
    std::vector<sdk::PaymentRequest> saveRequests;
    std::vector<std::string> removed;
    bool pendingRefunds = false, throwNextRefund = false, loseNext = false;
    std::chrono::milliseconds refundDelay{0};

private:
    sdk::PaymentResult& paymentFor(const sdk::PaymentRequest& r)
    {
        auto found = _paymentOfKey.find(r.idempotencyKey);
        if (found != _paymentOfKey.end())
            return _payments[found->second];
        sdk::PaymentResult p;
        p.amount = r.amount;
        const std::string id = "cp_" + std::to_string(++_next);
        p.providerPaymentId = id;
        _paymentOfKey[r.idempotencyKey] = id;
        return _payments[id] = p;
    }

    sdk::PaymentResult charge(const sdk::PaymentRequest& r, bool hold)
    {
        const bool known = _paymentOfKey.count(r.idempotencyKey) > 0;
        auto& p = paymentFor(r);
        if (!known) {
            if (r.savedMethodId == "pm_ok") {
                p.state = hold ? sdk::PaymentState::Authorized : sdk::PaymentState::Succeeded;
                p.capturedMinor = hold ? 0 : r.amount.minor;
            } else if (r.savedMethodId == "pm_auth") {
                p.state = sdk::PaymentState::RequiresAction;
                p.failureCode = "authentication_required";
            } else {
                p.state = sdk::PaymentState::Failed;
                p.failureCode = "card_declined";
            }
        }
        return answer(p);
    }

    sdk::PaymentResult answer(const sdk::PaymentResult& p)
    {
        if (loseNext) {
            loseNext = false;
            sdk::PaymentResult lost;
            lost.state = sdk::PaymentState::Unknown;
            lost.failureCode = "timeout";
            return lost;
        }
        return p;
    }

    std::string _name;
    std::mutex _mutex;
    long _next = 0;
    std::map<std::string, sdk::PaymentResult> _payments;
    std::map<std::string, std::string> _paymentOfKey, _setupOfKey;
    std::map<std::string, std::optional<sdk::SavedMethod>> _setups;
    std::map<std::string, sdk::RefundResult> _refunds;
};

} // namespace molar::test
