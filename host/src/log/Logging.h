#pragma once

#include "config/HostSettings.h"

namespace molar::host {

// Sets up Poco's channels from the logging.* keys: console and/or a rotating
// file, one root level and a level per subsystem (logging.levels.<name>).
void configureLogging(const LoggingSettings& settings);

} // namespace molar::host
