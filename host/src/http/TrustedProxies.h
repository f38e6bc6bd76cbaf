#pragma once

#include <Poco/Net/IPAddress.h>

#include <string>
#include <vector>

namespace molar::host {

// The reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed
// (http.trustedProxies: addresses and CIDR ranges). Anyone else could write
// those headers themselves, so for them the peer address is the client.
class TrustedProxies
{
public:
    TrustedProxies() = default;
    // Throws std::invalid_argument naming the entry that is neither an address nor a range.
    explicit TrustedProxies(const std::vector<std::string>& entries);

    bool empty() const { return _ranges.empty(); }
    bool trusts(const Poco::Net::IPAddress& address) const;

    // The client's address: X-Forwarded-For read right to left, stopping at the
    // first address that is not a trusted proxy. `forwardedFor` holds every
    // X-Forwarded-For field of the request, in order.
    std::string clientAddress(const Poco::Net::IPAddress& peer,
                              const std::vector<std::string>& forwardedFor) const;

private:
    struct Range
    {
        Poco::Net::IPAddress network;
        unsigned prefix;
    };
    std::vector<Range> _ranges;
};

// An IPv4 address written as IPv6 (::ffff:192.0.2.1) as the IPv4 address it is.
Poco::Net::IPAddress plainAddress(const Poco::Net::IPAddress& address);

} // namespace molar::host
