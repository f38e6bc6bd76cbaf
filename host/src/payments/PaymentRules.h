#pragma once

#include "molar/sdk/Errors.h"
#include "molar/sdk/Payments.h"

#include <Poco/Logger.h>

#include <cstdint>
#include <exception>
#include <string>

// The rules the payment service's files share (PaymentService.cpp, SavedMethods.cpp,
// PaymentOperations.cpp, Refunds.cpp); not for use outside host/src/payments.
namespace molar::host::payment_rules {

// An attempt's place in the order states move in: Unknown before everything, the
// settled states last.
inline int rank(sdk::PaymentState state)
{
    switch (state) {
    case sdk::PaymentState::Unknown:
        return -1;
    case sdk::PaymentState::Pending:
        return 0;
    case sdk::PaymentState::RequiresAction:
        return 1;
    case sdk::PaymentState::Authorized:
        return 2;
    case sdk::PaymentState::Succeeded:
    case sdk::PaymentState::Failed:
    case sdk::PaymentState::Canceled:
        return 3;
    }
    return -1;
}

inline bool isSettled(sdk::PaymentState state)
{
    return rank(state) == 3;
}

inline bool currencyDiffers(const sdk::PaymentAttempt& attempt, const std::string& currency)
{
    return !currency.empty() && currency != attempt.amount.currency;
}

// The most one payment, refund or attempt's total may be, in minor units (10^15:
// ten trillion riyals): far beyond any real payment, far below where sums overflow.
constexpr std::int64_t MAX_PAYMENT_MINOR = 1000000000000000LL;

// Whether `amount` may be added to `total` (both counted in minor units): positive,
// and the sum stays within MAX_PAYMENT_MINOR.
inline bool addsUp(std::int64_t total, std::int64_t amount)
{
    return amount > 0 && amount <= MAX_PAYMENT_MINOR && total <= MAX_PAYMENT_MINOR - amount;
}

inline std::string actorOf(const std::string& source)
{
    return "payments (" + source + ")";
}

// Calls a provider the way every call of the service does: PermanentError and
// PaymentUnsupported reach the caller; any other exception means the request may
// have reached the provider, and the answer is state Unknown ("error"), for the re-sync.
template <typename Call>
sdk::PaymentResult askProvider(Poco::Logger& logger, const std::string& what, Call call)
{
    try {
        return call();
    } catch (const sdk::PermanentError&) {
        throw;
    } catch (const sdk::PaymentUnsupported&) {
        throw;
    } catch (const std::exception& e) {
        logger.warning(what + " has no known outcome: " + e.what());
        sdk::PaymentResult unknown;
        unknown.state = sdk::PaymentState::Unknown;
        unknown.failureCode = "error";
        return unknown;
    }
}

} // namespace molar::host::payment_rules
