#pragma once

#include "molar/sdk/Payments.h"

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace molar::host {

// The payment providers plugins offer, by name; thread-safe. Like notification
// channels, a plugin's providers are dropped when it stops (removeOwner), and a
// provider handed out keeps its plugin's library loaded while a call runs.
class PaymentProviders
{
public:
    // Throws std::invalid_argument for no provider, a bad name or a taken one.
    void add(const std::string& owner, std::shared_ptr<sdk::PaymentProvider> provider,
             std::shared_ptr<void> keepAlive);
    void removeOwner(const std::string& owner);
    // Null when no provider has the name. The pointer shares ownership of the
    // plugin's keep-alive, released after the provider.
    std::shared_ptr<sdk::PaymentProvider> find(const std::string& name) const;
    // The capabilities each provider gave when it was added, by name.
    std::vector<sdk::PaymentCapabilities> capabilities() const;
    // The plugin that offers a provider, or "".
    std::string owner(const std::string& name) const;

private:
    struct Entry
    {
        // First, so that it is released last: the provider's code is in the plugin's library.
        std::shared_ptr<void> keepAlive;
        std::string owner;
        std::shared_ptr<sdk::PaymentProvider> provider;
        sdk::PaymentCapabilities capabilities;
    };
    mutable std::mutex _mutex;
    std::map<std::string, std::shared_ptr<const Entry>> _providers;
};

} // namespace molar::host
