#pragma once

#include "config/ConfigStore.h"

#include "molar/sdk/Config.h"

#include <set>
#include <string>
#include <vector>

namespace molar::host {

// One subtree of the configuration ("http", "db", "hello"), as the SDK's Config.
// It records each key its owner reads, so the host can refuse the keys nobody did.
class ConfigView : public sdk::Config
{
public:
    ConfigView(const ConfigStore& store, std::string subtree);

    bool has(const std::string& key) const override;
    std::string getString(const std::string& key, const std::string& fallback) override;
    std::string requireString(const std::string& key) override;
    std::int64_t getInt(const std::string& key, std::int64_t fallback, std::int64_t min,
                        std::int64_t max) override;
    bool getBool(const std::string& key, bool fallback) override;
    std::string getChoice(const std::string& key, const std::string& fallback,
                          const std::vector<std::string>& allowed) override;
    std::vector<std::string> getList(const std::string& key,
                                     const std::vector<std::string>& fallback) override;
    std::vector<std::string> keys() const override;

    // Marks a key as known without reading it (keys read by other means).
    void markRead(const std::string& key) { _read.insert(key); }
    // Full names of keys in the subtree that nobody read.
    std::vector<std::string> unreadKeys() const;
    [[noreturn]] void fail(const std::string& key, const std::string& allowed) const;
    const std::string& subtree() const { return _subtree; }

private:
    std::string full(const std::string& key) const { return _subtree + "." + key; }

    const ConfigStore& _store;
    std::string _subtree;
    std::set<std::string> _read;
};

// "<file>: <key> = '<value>' is not allowed; expected <allowed>", the one line a
// refused configuration prints. The value of a secret (a key named like password,
// secret, token or apiKey) is not printed.
bool isSecretKey(const std::string& key);
// `value` with the password of any URL in it (scheme://user:password@host) as ***.
std::string withoutUrlPasswords(const std::string& value);
std::string describeConfigError(const ConfigStore& store, const std::string& key, const std::string& value,
                                const std::string& allowed);

} // namespace molar::host
