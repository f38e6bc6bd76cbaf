// A card provider of the test's own, added to a Portal's payment providers: a hosted
// checkout on another origin, saved methods, refunds in parts and dispute facts, with
// what the payer and the provider did set by the test (a checkout paid or declined, a
// setup finished) and every call it got counted. Thread-safe.
#pragma once

#include "molar/sdk/Payments.h"

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace molar::test {

class TestCardProvider : public sdk::PaymentProvider, public sdk::DisputeLookup
{
public:
    static constexpr const char* name = "testcard";
    static constexpr const char* origin = "https://checkout.cards.example";

    // Another name and payer-facing name for a second provider beside the first.
    explicit TestCardProvider(std::string providerName = name, std::string displayName = "Test card",
                              sdk::PaymentFlow flow = sdk::PaymentFlow::HostedCheckout)
        : _name(std::move(providerName)), _displayName(std::move(displayName)), _flow(flow)
    {
    }

    sdk::PaymentCapabilities capabilities() const override
    {
        sdk::PaymentCapabilities c;
        c.name = _name;
        c.displayName = _displayName;
        c.flow = _flow;
        c.authorizeCapture = true;
        c.savedMethods = true;
        c.offSession = true;
        c.refunds = true;
        c.partialRefunds = true;
        return c;
    }

    sdk::PaymentResult createCheckout(const sdk::PaymentRequest& request) override
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _returnUrls[request.idempotencyKey] = request.returnUrl;
        _lastCheckout = request.idempotencyKey;
        sdk::PaymentResult r;
        r.state = sdk::PaymentState::Pending;
        r.providerPaymentId = "cs_" + request.idempotencyKey;
        r.amount = request.amount;
        if (_flow == sdk::PaymentFlow::Offline)
            r.instructions = "Transfer " + sdk::formatMoney(request.amount) + " quoting " + request.reference;
        else
            r.redirectUrl = std::string(origin) + "/pay/cs_" + request.idempotencyKey;
        return r;
    }

    sdk::PaymentResult fetchPayment(const sdk::PaymentRequest& request, const std::string&) override
    {
        std::lock_guard<std::mutex> lock(_mutex);
        ++_fetches;
        sdk::PaymentResult r;
        r.providerPaymentId = "cs_" + request.idempotencyKey;
        r.amount = request.amount;
        const auto outcome = _outcomes.find(request.idempotencyKey);
        if (outcome == _outcomes.end()) {
            r.state = sdk::PaymentState::Pending;
        } else if (outcome->second.empty()) {
            r.state = sdk::PaymentState::Succeeded;
            r.capturedMinor = request.amount.minor;
        } else {
            r.state = outcome->second == "authentication_required" ? sdk::PaymentState::RequiresAction
                                                                   : sdk::PaymentState::Failed;
            r.failureCode = outcome->second;
        }
        return r;
    }

    sdk::PaymentResult saveMethod(const sdk::PaymentRequest& request) override
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _setups.push_back(request);
        sdk::PaymentResult r;
        r.state = sdk::PaymentState::Pending;
        r.providerPaymentId = "seti_" + request.idempotencyKey;
        r.redirectUrl = std::string(origin) + "/setup/seti_" + request.idempotencyKey;
        return r;
    }

    std::optional<sdk::SavedMethod> fetchMethod(const sdk::PaymentRequest&,
                                                const std::string& providerPaymentId) override
    {
        std::lock_guard<std::mutex> lock(_mutex);
        const auto found = _finished.find(providerPaymentId);
        if (found == _finished.end())
            return std::nullopt;
        return found->second;
    }

    void removeMethod(const sdk::PaymentRequest& request) override
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _removed.push_back(request.savedMethodId);
    }

    sdk::RefundResult refund(const sdk::PaymentRequest& request, const std::string&,
                             std::int64_t amountMinor) override
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _refunds.push_back(amountMinor);
        sdk::RefundResult r;
        r.state = sdk::PaymentState::Succeeded;
        r.providerRefundId = "re_" + request.idempotencyKey;
        r.amountMinor = amountMinor;
        return r;
    }

    std::optional<sdk::DisputeFacts> fetchDispute(const std::string& disputeId) override
    {
        std::lock_guard<std::mutex> lock(_mutex);
        const auto found = _disputes.find(disputeId);
        if (found == _disputes.end())
            return std::nullopt;
        return found->second;
    }

    // ---- what the payer and the provider did

    // The payer paid the attempt's checkout ("" ), or it failed with `failureCode`.
    void settle(const std::string& attemptId, const std::string& failureCode = "")
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _outcomes[attemptId] = failureCode;
    }
    // The payer finished the latest setup with this card; its setup id.
    std::string finishLatestSetup(const std::string& methodId, const std::string& brand,
                                  const std::string& last4)
    {
        std::lock_guard<std::mutex> lock(_mutex);
        const std::string setupId = _setups.back().idempotencyKey;
        _finished["seti_" + setupId] = sdk::SavedMethod{methodId, brand, last4, 12, 2030};
        return setupId;
    }
    void addDispute(const sdk::DisputeFacts& facts)
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _disputes[facts.disputeId] = facts;
    }

    // ---- what it was asked

    std::vector<sdk::PaymentRequest> setups() const
    {
        std::lock_guard<std::mutex> lock(_mutex);
        return _setups;
    }
    std::vector<std::string> removed() const
    {
        std::lock_guard<std::mutex> lock(_mutex);
        return _removed;
    }
    std::vector<std::int64_t> refunds() const
    {
        std::lock_guard<std::mutex> lock(_mutex);
        return _refunds;
    }
    int fetches() const
    {
        std::lock_guard<std::mutex> lock(_mutex);
        return _fetches;
    }
    std::string lastCheckout() const
    {
        std::lock_guard<std::mutex> lock(_mutex);
        return _lastCheckout;
    }
    std::string returnUrlOf(const std::string& attemptId) const
    {
        std::lock_guard<std::mutex> lock(_mutex);
        const auto found = _returnUrls.find(attemptId);
        return found == _returnUrls.end() ? std::string() : found->second;
    }

private:
    const std::string _name, _displayName;
    const sdk::PaymentFlow _flow;
    mutable std::mutex _mutex;
    std::map<std::string, std::string> _outcomes; // attempt id -> "" paid, else the failure code
    std::map<std::string, std::string> _returnUrls;
    std::vector<sdk::PaymentRequest> _setups;
    std::map<std::string, sdk::SavedMethod> _finished; // by the provider's setup id
    std::vector<std::string> _removed;
    std::vector<std::int64_t> _refunds;
    std::map<std::string, sdk::DisputeFacts> _disputes;
    std::string _lastCheckout;
    int _fetches = 0;
};

} // namespace molar::test
