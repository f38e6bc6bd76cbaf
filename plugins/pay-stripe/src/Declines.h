#pragma once

#include "StripeAnswer.h"

#include <string>
#include <vector>

namespace molar::paystripe {

// The failure code a refused card reports (PaymentResult::failureCode), from Stripe's
// error: the issuer's decline_code when there is one, else the error's code. The clinic
// reads the catalog's payment.failure.<code> for it (payment.failure.generic for a code
// no catalog has).
std::string failureCodeOf(const std::string& code, const std::string& declineCode);
std::string failureCodeOf(const StripeError& error);

// Whether the card needs its holder to authenticate (3-D Secure): off-session, this is
// RequiresAction, not a decline, and is never retried blindly.
bool needsAuthentication(const std::string& code, const std::string& declineCode);

// The codes this plugin's catalogs explain in plain words (payment.failure.<code>).
const std::vector<std::string>& explainedFailureCodes();

} // namespace molar::paystripe
