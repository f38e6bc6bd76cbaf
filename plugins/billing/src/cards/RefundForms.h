#pragma once

#include "invoices/Invoice.h"
#include "web/InvoiceView.h"

#include "molar/sdk/Payments.h"
#include "molar/sdk/Plugin.h"

#include <cstdint>
#include <map>
#include <string>

namespace molar::billing {

// What the clerk typed into a refund form that was refused, to show it again with the
// refusal beside the amount.
struct RefundEntry
{
    std::string attemptId;
    std::string amount;
    std::string error;
};

// The refund forms of the lab's invoice page: one per payment taken online (not an offline
// transfer) that captured money, with what it captured and what was refunded, and, while
// its provider refunds and something is left, an amount (the rest by default) and a
// refund key made when the page is rendered, so that the form sent twice (a double click,
// a reload) is one refund.
class RefundForms
{
public:
    explicit RefundForms(sdk::Host& host) : _host(host) {}

    // "refunds" for the page: the attempts of `invoice` as above; `entered` fills in the one
    // the clerk sent back with its error. `action` is where the forms post.
    sdk::Value forms(const Invoice& invoice, const InvoiceView& view,
                     const std::map<std::string, std::string>& providerNames, const std::string& action,
                     const RefundEntry* entered);

    // What is left to refund of an attempt: captured less refunded, never negative.
    static std::int64_t refundable(const sdk::PaymentAttempt& attempt);
    // 32 random hex digits.
    static std::string newRefundKey();
    static bool isRefundKey(const std::string& text);

private:
    sdk::Host& _host;
};

} // namespace molar::billing
