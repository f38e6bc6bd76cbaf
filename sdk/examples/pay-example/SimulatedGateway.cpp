#include "SimulatedGateway.h"

GatewayPayment& SimulatedGateway::create(const std::string& key, const std::string& prefix,
                                         const molar::sdk::Money& amount)
{
    GatewayPayment payment;
    payment.id = prefix + std::to_string(++_next);
    payment.key = key;
    payment.amount = amount;
    _byKey[key] = payment.id;
    return _payments[payment.id] = payment;
}

void SimulatedGateway::answer()
{
    if (_loseNext) {
        _loseNext = false;
        throw GatewayTimeout();
    }
}

GatewayPayment SimulatedGateway::openCheckout(const std::string& key, const molar::sdk::Money& amount)
{
    std::lock_guard<std::mutex> lock(_mutex);
    auto known = _byKey.find(key);
    GatewayPayment payment = known != _byKey.end() ? _payments[known->second] : create(key, "pay_", amount);
    answer();
    return payment;
}

GatewayPayment SimulatedGateway::charge(const std::string& key, const molar::sdk::Money& amount,
                                        const std::string& method, bool captureLater)
{
    std::lock_guard<std::mutex> lock(_mutex);
    auto known = _byKey.find(key);
    if (known != _byKey.end()) {
        GatewayPayment payment = _payments[known->second];
        answer();
        return payment; // a retry: what the first call did, nothing more
    }
    GatewayPayment& payment = create(key, "pay_", amount);
    if (!_methods.count(method)) {
        payment.status = "failed";
        payment.declineCode = method == declinedMethod ? "card_declined" : "no_such_method";
    } else if (captureLater) {
        payment.status = "authorized";
    } else {
        payment.status = "succeeded";
        payment.capturedMinor = amount.minor;
        ++_moves[key];
    }
    GatewayPayment copy = payment;
    answer();
    return copy;
}

GatewayPayment SimulatedGateway::capture(const std::string& key, const std::string& id,
                                         std::int64_t amountMinor)
{
    std::lock_guard<std::mutex> lock(_mutex);
    auto found = _payments.find(id);
    if (found == _payments.end())
        throw std::invalid_argument("no payment " + id);
    GatewayPayment& payment = found->second;
    GatewayPayment copy = payment;
    if (_captureKeys.count(key + ":" + id) == 0) {
        if (payment.status != "authorized" || amountMinor <= 0 || amountMinor > payment.amount.minor) {
            copy.declineCode = payment.status != "authorized" ? "not_authorized" : "amount_too_large";
        } else {
            _captureKeys.insert(key + ":" + id);
            payment.status = "succeeded";
            payment.capturedMinor = amountMinor;
            ++_moves[payment.key];
            copy = payment;
        }
    }
    answer();
    return copy;
}

GatewayPayment SimulatedGateway::cancel(const std::string& id)
{
    std::lock_guard<std::mutex> lock(_mutex);
    auto found = _payments.find(id);
    if (found == _payments.end())
        throw std::invalid_argument("no payment " + id);
    if (found->second.status == "authorized" || found->second.status == "open")
        found->second.status = "canceled";
    GatewayPayment copy = found->second;
    answer();
    return copy;
}

std::pair<GatewayRefund, GatewayPayment>
SimulatedGateway::refund(const std::string& key, const std::string& id, std::int64_t amountMinor)
{
    std::lock_guard<std::mutex> lock(_mutex);
    auto found = _payments.find(id);
    if (found == _payments.end())
        throw std::invalid_argument("no payment " + id);
    GatewayPayment& payment = found->second;
    auto known = _refunds.find(key);
    if (known == _refunds.end()) {
        GatewayRefund refund;
        refund.id = "re_" + std::to_string(++_next);
        refund.amountMinor = amountMinor;
        if (payment.status != "succeeded")
            refund.declineCode = "not_captured";
        else if (amountMinor <= 0 || amountMinor > payment.capturedMinor - payment.refundedMinor)
            refund.declineCode = "exceeds_capture";
        else
            payment.refundedMinor += amountMinor;
        known = _refunds.emplace(key, refund).first;
    }
    std::pair<GatewayRefund, GatewayPayment> out{known->second, payment};
    answer();
    return out;
}

std::optional<GatewayPayment> SimulatedGateway::payment(const std::string& id)
{
    std::lock_guard<std::mutex> lock(_mutex);
    auto found = _payments.find(id);
    std::optional<GatewayPayment> out;
    if (found != _payments.end())
        out = found->second;
    answer();
    return out;
}

std::optional<GatewayPayment> SimulatedGateway::paymentByKey(const std::string& key)
{
    std::lock_guard<std::mutex> lock(_mutex);
    auto known = _byKey.find(key);
    std::optional<GatewayPayment> out;
    if (known != _byKey.end())
        out = _payments[known->second];
    answer();
    return out;
}

GatewayPayment SimulatedGateway::openSetup(const std::string& key)
{
    std::lock_guard<std::mutex> lock(_mutex);
    auto known = _byKey.find(key);
    GatewayPayment setup = known != _byKey.end() ? _payments[known->second] : create(key, "seti_", {});
    answer();
    return setup;
}

void SimulatedGateway::forgetMethod(const std::string& method)
{
    std::lock_guard<std::mutex> lock(_mutex);
    if (method != goodMethod)
        _methods.erase(method);
    answer();
}

bool SimulatedGateway::payerCompletes(const std::string& id)
{
    std::lock_guard<std::mutex> lock(_mutex);
    auto found = _payments.find(id);
    if (found == _payments.end() || found->second.status != "open")
        return false;
    GatewayPayment& payment = found->second;
    payment.status = "succeeded";
    if (id.rfind("seti_", 0) == 0) {
        payment.savedMethod = "pm_saved_" + std::to_string(++_next);
        _methods.insert(payment.savedMethod);
    } else {
        payment.capturedMinor = payment.amount.minor;
        ++_moves[payment.key];
    }
    return true;
}

void SimulatedGateway::loseNextAnswer()
{
    std::lock_guard<std::mutex> lock(_mutex);
    _loseNext = true;
}

int SimulatedGateway::moneyMoves(const std::string& key)
{
    std::lock_guard<std::mutex> lock(_mutex);
    auto found = _moves.find(key);
    return found == _moves.end() ? 0 : found->second;
}
