#include "app/MetricsAccess.h"

#include <openssl/crypto.h>

namespace molar::host {

MetricsAccess::MetricsAccess() : _addresses(std::vector<std::string>{"127.0.0.1", "::1"}) {}

MetricsAccess::MetricsAccess(const std::vector<std::string>& allowFrom, std::string token)
    : _addresses(allowFrom), _token(std::move(token))
{
}

bool MetricsAccess::allows(const sdk::Request& request) const
{
    Poco::Net::IPAddress address;
    if (!_addresses.empty() && Poco::Net::IPAddress::tryParse(request.clientAddress(), address) &&
        _addresses.trusts(plainAddress(address)))
        return true;
    if (_token.empty())
        return false;
    const std::string prefix = "Bearer ";
    const std::string header = request.header("Authorization");
    if (header.size() != prefix.size() + _token.size() || header.compare(0, prefix.size(), prefix) != 0)
        return false;
    // Constant time: the comparison does not tell how much of a guess was right.
    return CRYPTO_memcmp(header.data() + prefix.size(), _token.data(), _token.size()) == 0;
}

} // namespace molar::host
