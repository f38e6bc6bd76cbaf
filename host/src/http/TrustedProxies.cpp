#include "http/TrustedProxies.h"

#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

#include <cstring>
#include <stdexcept>

namespace molar::host {

namespace {

bool sameNetwork(const Poco::Net::IPAddress& a, const Poco::Net::IPAddress& b, unsigned prefix)
{
    if (a.family() != b.family())
        return false;
    const auto* x = static_cast<const unsigned char*>(a.addr());
    const auto* y = static_cast<const unsigned char*>(b.addr());
    const unsigned whole = prefix / 8;
    if (std::memcmp(x, y, whole) != 0)
        return false;
    const unsigned rest = prefix % 8;
    if (rest == 0)
        return true;
    const unsigned char mask = static_cast<unsigned char>(0xff << (8 - rest));
    return (x[whole] & mask) == (y[whole] & mask);
}

// An X-Forwarded-For entry: an address, perhaps bracketed IPv6; false when it is not one.
bool parseForwarded(std::string entry, Poco::Net::IPAddress& out)
{
    entry = Poco::trim(entry);
    if (entry.size() > 2 && entry.front() == '[') {
        const auto close = entry.find(']');
        if (close == std::string::npos)
            return false;
        entry = entry.substr(1, close - 1);
    }
    if (!Poco::Net::IPAddress::tryParse(entry, out))
        return false;
    out = plainAddress(out);
    return true;
}

} // namespace

Poco::Net::IPAddress plainAddress(const Poco::Net::IPAddress& address)
{
    if (address.family() == Poco::Net::IPAddress::IPv6 && address.isIPv4Mapped()) {
        const auto* bytes = static_cast<const unsigned char*>(address.addr());
        return Poco::Net::IPAddress(bytes + 12, 4);
    }
    return address;
}

TrustedProxies::TrustedProxies(const std::vector<std::string>& entries)
{
    for (const auto& raw : entries) {
        const std::string entry = Poco::trim(raw);
        if (entry.empty())
            continue;
        const auto slash = entry.find('/');
        Poco::Net::IPAddress network;
        if (!Poco::Net::IPAddress::tryParse(entry.substr(0, slash), network))
            throw std::invalid_argument("'" + entry +
                                        "' is not an IP address or a CIDR range such as 10.0.0.0/8");
        network = plainAddress(network);
        const unsigned bits = network.family() == Poco::Net::IPAddress::IPv4 ? 32 : 128;
        unsigned prefix = bits;
        if (slash != std::string::npos) {
            unsigned parsed = 0;
            if (!Poco::NumberParser::tryParseUnsigned(entry.substr(slash + 1), parsed) || parsed > bits)
                throw std::invalid_argument("'" + entry + "' has a prefix length outside 0.." +
                                            std::to_string(bits));
            prefix = parsed;
        }
        _ranges.push_back({network, prefix});
    }
}

bool TrustedProxies::trusts(const Poco::Net::IPAddress& address) const
{
    const auto plain = plainAddress(address);
    for (const auto& range : _ranges)
        if (sameNetwork(plain, range.network, range.prefix))
            return true;
    return false;
}

std::string TrustedProxies::clientAddress(const Poco::Net::IPAddress& peer,
                                          const std::vector<std::string>& forwardedFor) const
{
    Poco::Net::IPAddress client = plainAddress(peer);
    if (!trusts(client))
        return client.toString();
    std::vector<std::string> hops;
    for (const auto& field : forwardedFor) {
        Poco::StringTokenizer entries(field, ",", Poco::StringTokenizer::TOK_TRIM);
        for (const auto& entry : entries)
            hops.push_back(entry);
    }
    // Each trusted proxy appended the address it saw; the first untrusted one from
    // the right is the client. Anything left of it was written by the client.
    for (auto hop = hops.rbegin(); hop != hops.rend(); ++hop) {
        Poco::Net::IPAddress address;
        if (!parseForwarded(*hop, address))
            break; // garbage written by a client: the last proxy's peer is all we know
        client = address;
        if (!trusts(address))
            break;
    }
    return client.toString();
}

} // namespace molar::host
