#pragma once

#include "molar/sdk/Value.h"

#include <string>

namespace molar::host {

// JSON text <-> sdk::Value, through Poco::JSON.
std::string toJson(const sdk::Value& value);
// Throws std::invalid_argument with the parser's message on bad JSON.
sdk::Value fromJson(const std::string& text);

} // namespace molar::host
