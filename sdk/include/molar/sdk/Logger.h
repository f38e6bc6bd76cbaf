#pragma once

#include "molar/sdk/Export.h"

#include <string>

namespace molar::sdk {

enum class LogLevel
{
    Trace,
    Debug,
    Information,
    Warning,
    Error
};

// The plugin's logger, named after the plugin; its level is set by
// `logging.level.<plugin>` in config. Safe to call from any thread.
//
// Ownership: host owns; valid until Plugin::stop() returns.
class MOLAR_SDK_API Logger
{
public:
    virtual ~Logger();
    Logger() = default;
    Logger(const Logger&) = delete; // interfaces are never copied or moved
    Logger& operator=(const Logger&) = delete;
    virtual void log(LogLevel level, const std::string& message) = 0;
    virtual bool enabled(LogLevel level) const = 0;

    void debug(const std::string& m) { log(LogLevel::Debug, m); }
    void info(const std::string& m) { log(LogLevel::Information, m); }
    void warning(const std::string& m) { log(LogLevel::Warning, m); }
    void error(const std::string& m) { log(LogLevel::Error, m); }
};

} // namespace molar::sdk
