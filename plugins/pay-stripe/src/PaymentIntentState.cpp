#include "PaymentIntentState.h"

#include "Declines.h"
#include "Json.h"

#include <cctype>

namespace molar::paystripe {

std::string upperCurrency(const std::string& currency)
{
    std::string out;
    for (char c : currency)
        out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

std::string lowerCurrency(const std::string& currency)
{
    std::string out;
    for (char c : currency)
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

sdk::PaymentState paymentStateOf(const std::string& status, const std::string& lastErrorCode,
                                 const std::string& lastDeclineCode)
{
    if (status == "succeeded")
        return sdk::PaymentState::Succeeded;
    if (status == "requires_capture")
        return sdk::PaymentState::Authorized;
    if (status == "canceled")
        return sdk::PaymentState::Canceled;
    if (status == "requires_action")
        return sdk::PaymentState::RequiresAction;
    if (status == "requires_payment_method") {
        if (needsAuthentication(lastErrorCode, lastDeclineCode))
            return sdk::PaymentState::RequiresAction;
        if (!lastErrorCode.empty() || !lastDeclineCode.empty())
            return sdk::PaymentState::Failed;
        return sdk::PaymentState::Pending;
    }
    if (status == "requires_confirmation" || status == "processing")
        return sdk::PaymentState::Pending;
    return sdk::PaymentState::Unknown;
}

sdk::PaymentResult resultOfPaymentIntent(const Poco::JSON::Object::Ptr& pi)
{
    sdk::PaymentResult result;
    const auto lastError = json::object(pi, "last_payment_error");
    const std::string errorCode = json::text(lastError, "code");
    const std::string declineCode = json::text(lastError, "decline_code");
    const std::string status = json::text(pi, "status");
    result.state = paymentStateOf(status, errorCode, declineCode);
    result.providerPaymentId = json::text(pi, "id");
    result.amount = {json::integer(pi, "amount"), upperCurrency(json::text(pi, "currency"))};
    result.capturedMinor = json::integer(pi, "amount_received");
    if (const auto charge = json::object(pi, "latest_charge"))
        result.refundedMinor = json::integer(charge, "amount_refunded");
    if (result.state == sdk::PaymentState::Failed || result.state == sdk::PaymentState::RequiresAction) {
        if (!errorCode.empty() || !declineCode.empty())
            result.failureCode = failureCodeOf(errorCode, declineCode);
        result.detail = json::text(lastError, "message");
    }
    if (result.state == sdk::PaymentState::Unknown)
        result.detail = "Stripe reports a status this plugin does not know: " + status;
    return result;
}

} // namespace molar::paystripe
