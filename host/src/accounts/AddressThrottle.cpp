#include "accounts/AddressThrottle.h"

namespace molar::host {

namespace {

// The host's buckets start with "molar:", which no plugin's ("<plugin>.") can.
std::string bucketOf(const std::string& purpose)
{
    std::string name = purpose.empty() ? "sign-in" : purpose;
    if (name.back() == ':')
        name.pop_back();
    return "molar:" + name;
}

} // namespace

AddressThrottle::AddressThrottle(sdk::Database& database, std::string purpose, int limit,
                                 std::chrono::seconds window)
    : _counter(database), _bucket(bucketOf(purpose)), _limit(limit), _window(window)
{
}

sdk::RateDecision AddressThrottle::hit(const std::string& address, std::int64_t nowMs)
{
    return _counter.hit(_bucket, address, _limit, _window, nowMs);
}

} // namespace molar::host
