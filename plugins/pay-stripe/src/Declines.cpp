#include "Declines.h"

#include <algorithm>

namespace molar::paystripe {

const std::vector<std::string>& explainedFailureCodes()
{
    static const std::vector<std::string> codes{
        "card_declined",           "insufficient_funds", "expired_card", "incorrect_cvc", "processing_error",
        "authentication_required", "lost_card",          "stolen_card",  "do_not_honor"};
    return codes;
}

bool needsAuthentication(const std::string& code, const std::string& declineCode)
{
    return code == "authentication_required" || declineCode == "authentication_required";
}

std::string failureCodeOf(const std::string& code, const std::string& declineCode)
{
    if (needsAuthentication(code, declineCode))
        return "authentication_required";
    // "generic_decline" says no more than "card_declined", whose words the clinic has.
    if (!declineCode.empty() && declineCode != "generic_decline")
        return declineCode;
    if (!code.empty())
        return code;
    return "card_declined";
}

std::string failureCodeOf(const StripeError& error)
{
    return failureCodeOf(error.code, error.declineCode);
}

} // namespace molar::paystripe
