#include "cards/CheckoutReturn.h"

#include <map>

namespace molar::billing {

namespace {

bool isOffline(const std::map<std::string, sdk::PaymentFlow>& flows, const std::string& provider)
{
    const auto flow = flows.find(provider);
    // A provider no longer offered cannot be asked; treated as offline (left alone).
    return flow == flows.end() || flow->second == sdk::PaymentFlow::Offline;
}

std::map<std::string, sdk::PaymentFlow> flowsOf(sdk::Payments& payments)
{
    std::map<std::string, sdk::PaymentFlow> flows;
    for (const auto& provider : payments.providers())
        flows[provider.name] = provider.flow;
    return flows;
}

// A provider's code as a catalog key's last part: [a-z0-9_] only, at most 64.
bool plainCode(const std::string& code)
{
    return !code.empty() && code.size() <= 64 &&
           code.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos;
}

} // namespace

bool CheckoutReturn::refresh(const Invoice& invoice)
{
    const auto flows = flowsOf(_host.payments());
    bool changed = false;
    for (const auto& attempt : _host.payments().attemptsFor("invoice", std::to_string(invoice.id))) {
        if (isOffline(flows, attempt.provider) ||
            (attempt.state != sdk::PaymentState::Pending && attempt.state != sdk::PaymentState::Unknown))
            continue;
        try {
            const auto now = _host.payments().refresh(attempt.id);
            changed = changed || (now && now->state != attempt.state);
        } catch (const std::exception& e) {
            // The page still shows; the webhook or the re-sync settles it later.
            _host.logger().warning("invoice " + std::to_string(invoice.id) + ": asking '" + attempt.provider +
                                   "' about attempt " + attempt.id + " failed: " + e.what());
        }
    }
    return changed;
}

std::string CheckoutReturn::latestFailure(const Invoice& invoice, const std::string& language)
{
    const auto flows = flowsOf(_host.payments());
    const auto attempts = _host.payments().attemptsFor("invoice", std::to_string(invoice.id));
    for (auto attempt = attempts.rbegin(); attempt != attempts.rend(); ++attempt) {
        if (isOffline(flows, attempt->provider))
            continue;
        const bool failed =
            attempt->state == sdk::PaymentState::Failed ||
            (attempt->state == sdk::PaymentState::RequiresAction && !attempt->failureCode.empty());
        if (!failed)
            return {};
        if (plainCode(attempt->failureCode)) {
            const std::string key = "payment.failure." + attempt->failureCode;
            const std::string words = _host.views().translate(key, language);
            if (words != key)
                return words;
        }
        return _host.views().translate("payment.failure.generic", language);
    }
    return {};
}

} // namespace molar::billing
