#pragma once

#include "molar/sdk/Config.h"

#include <string>
#include <vector>

namespace molar::cases {

// The plugin's configuration subtree. Refusals name keys in full, as a lab admin
// writes them in config/cases.properties.
std::string fullKey(const std::string& key);

// Throws sdk::ConfigError for `key` (relative) with its current value; `allowed`
// completes "expected ..." in the host's start-up line.
[[noreturn]] void refuse(sdk::Config& config, const std::string& key, const std::string& allowed);

// A name used in keys and stored values: a lower-case letter, then lower-case
// letters, digits or underscores ("zirconia_crown", "on_hold").
bool isName(const std::string& text);

// "a, b, c"
std::string joined(const std::vector<std::string>& items);

// Splits on `separator`, trims each item, drops empty ones.
std::vector<std::string> splitList(const std::string& text, char separator);

std::string trimmed(const std::string& text);

bool contains(const std::vector<std::string>& items, const std::string& item);

// Relative keys that start with `prefix`, with the prefix removed ("stage.design").
std::vector<std::string> keysUnder(const sdk::Config& config, const std::string& prefix);

} // namespace molar::cases
