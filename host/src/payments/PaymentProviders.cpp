#include "payments/PaymentProviders.h"

#include <stdexcept>

namespace molar::host {

namespace {

bool validName(const std::string& name)
{
    if (name.empty() || name.size() > 32 || name[0] < 'a' || name[0] > 'z')
        return false;
    for (char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return false;
    return true;
}

} // namespace

void PaymentProviders::add(const std::string& owner, std::shared_ptr<sdk::PaymentProvider> provider,
                           std::shared_ptr<void> keepAlive)
{
    if (!provider)
        throw std::invalid_argument("addProvider() was given no provider");
    sdk::PaymentCapabilities capabilities = provider->capabilities();
    if (!validName(capabilities.name))
        throw std::invalid_argument("payment provider name '" + capabilities.name +
                                    "' must be 1-32 characters of [a-z0-9-], starting with a letter");
    auto entry = std::make_shared<Entry>();
    entry->keepAlive = std::move(keepAlive);
    entry->owner = owner;
    entry->provider = std::move(provider);
    entry->capabilities = std::move(capabilities);
    std::lock_guard<std::mutex> lock(_mutex);
    auto found = _providers.find(entry->capabilities.name);
    if (found != _providers.end())
        throw std::invalid_argument("payment provider '" + entry->capabilities.name +
                                    "' is already offered by " + found->second->owner);
    _providers.emplace(entry->capabilities.name, std::move(entry));
}

void PaymentProviders::removeOwner(const std::string& owner)
{
    std::lock_guard<std::mutex> lock(_mutex);
    for (auto it = _providers.begin(); it != _providers.end();)
        it = it->second->owner == owner ? _providers.erase(it) : std::next(it);
}

std::shared_ptr<sdk::PaymentProvider> PaymentProviders::find(const std::string& name) const
{
    std::lock_guard<std::mutex> lock(_mutex);
    auto found = _providers.find(name);
    if (found == _providers.end())
        return nullptr;
    // Shares the entry: the keep-alive outlives every call made through the pointer.
    const std::shared_ptr<const Entry>& entry = found->second;
    return std::shared_ptr<sdk::PaymentProvider>(entry, entry->provider.get());
}

std::vector<sdk::PaymentCapabilities> PaymentProviders::capabilities() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    std::vector<sdk::PaymentCapabilities> out;
    for (const auto& entry : _providers)
        out.push_back(entry.second->capabilities);
    return out;
}

std::string PaymentProviders::owner(const std::string& name) const
{
    std::lock_guard<std::mutex> lock(_mutex);
    auto found = _providers.find(name);
    return found == _providers.end() ? std::string() : found->second->owner;
}

} // namespace molar::host
