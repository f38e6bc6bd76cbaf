#pragma once

#include "molar/sdk/Export.h"

#include <cstdint>
#include <string>
#include <vector>

namespace molar::sdk {

// A plugin's own configuration subtree (`<plugin>.*`), with every layer already
// merged: defaults, conf.d, /etc/molar, environment, --set. Keys are relative to
// the subtree ("greeting", not "hello.greeting").
//
// Every getter records that its key is known. After Plugin::configure() returns,
// the host refuses to start if the subtree holds a key nobody read, so a typo in a
// config file stops start-up instead of being ignored. A bad value throws
// ConfigError, which the host reports with the file that set it.
//
// Ownership: host owns; valid until Plugin::stop() returns. Read it from
// configure() or start(), on the main thread.
class MOLAR_SDK_API Config
{
public:
    virtual ~Config();
    Config() = default;
    Config(const Config&) = delete; // interfaces are never copied or moved
    Config& operator=(const Config&) = delete;

    virtual bool has(const std::string& key) const = 0;
    virtual std::string getString(const std::string& key, const std::string& fallback) = 0;
    // Throws ConfigError when the key is missing or empty.
    virtual std::string requireString(const std::string& key) = 0;
    // Throws ConfigError when the value is not an integer in [min, max].
    virtual std::int64_t getInt(const std::string& key, std::int64_t fallback, std::int64_t min,
                                std::int64_t max) = 0;
    // Accepts true/false, yes/no, on/off, 1/0.
    virtual bool getBool(const std::string& key, bool fallback) = 0;
    // Throws ConfigError unless the value is one of `allowed`.
    virtual std::string getChoice(const std::string& key, const std::string& fallback,
                                  const std::vector<std::string>& allowed) = 0;
    // Comma-separated list, items trimmed, empty items dropped.
    virtual std::vector<std::string> getList(const std::string& key,
                                             const std::vector<std::string>& fallback) = 0;
    // All keys present in the subtree, relative and sorted.
    virtual std::vector<std::string> keys() const = 0;
};

} // namespace molar::sdk
