#include "cards/RefundForms.h"

#include "molar/sdk/Money.h"

#include <random>

namespace molar::billing {

std::int64_t RefundForms::refundable(const sdk::PaymentAttempt& attempt)
{
    const std::int64_t rest = attempt.capturedMinor - attempt.refundedMinor;
    return rest > 0 ? rest : 0;
}

std::string RefundForms::newRefundKey()
{
    static const char* hex = "0123456789abcdef";
    thread_local std::random_device device;
    std::string key;
    for (int i = 0; i < 8; ++i) {
        const unsigned int bits = device();
        for (int nibble = 0; nibble < 4; ++nibble)
            key += hex[(bits >> (nibble * 4)) & 15];
    }
    return key;
}

bool RefundForms::isRefundKey(const std::string& text)
{
    return text.size() == 32 && text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

sdk::Value RefundForms::forms(const Invoice& invoice, const InvoiceView& view,
                              const std::map<std::string, std::string>& providerNames,
                              const std::string& action, const RefundEntry* entered)
{
    std::map<std::string, sdk::PaymentCapabilities> offered;
    for (const auto& provider : _host.payments().providers())
        offered[provider.name] = provider;
    sdk::Value out = sdk::Value::array();
    int n = 0;
    for (const auto& attempt : _host.payments().attemptsFor("invoice", std::to_string(invoice.id))) {
        const auto provider = offered.find(attempt.provider);
        // A bank transfer is given back by the lab's bank, not here; an attempt of a provider no
        // longer offered is shown without a form.
        if (attempt.capturedMinor <= 0 ||
            (provider != offered.end() && provider->second.flow == sdk::PaymentFlow::Offline))
            continue;
        ++n;
        const std::string& currency = attempt.amount.currency;
        const std::int64_t rest = refundable(attempt);
        const bool canRefund = rest > 0 && provider != offered.end() && provider->second.refunds;
        const bool mine = entered && entered->attemptId == attempt.id;
        const auto name = providerNames.find(attempt.provider);
        sdk::Value form = sdk::Value::object({
            {"n", std::to_string(n)},
            {"attemptId", attempt.id},
            {"provider",
             name != providerNames.end() && !name->second.empty() ? name->second : attempt.provider},
            {"date", view.day(attempt.createdAtMillis)},
            {"captured", view.amount(attempt.capturedMinor, currency)},
            {"refunded", view.amount(attempt.refundedMinor, currency)},
            {"rest", view.amount(rest, currency)},
            {"currency", currency},
            {"canRefund", canRefund},
            {"fullOnly", canRefund && !provider->second.partialRefunds},
            {"refundedInFull", rest == 0},
            {"amount", mine ? entered->amount : sdk::formatMinorUnits(rest, currency)},
            {"error", mine ? entered->error : std::string()},
            {"refundKey", newRefundKey()},
            {"action", action},
        });
        out.push(form);
    }
    return out;
}

} // namespace molar::billing
