#pragma once

#include <string>

namespace molar::host {

// A same-site path to go back to after a form, or "/": never another host.
std::string safeReturnPath(const std::string& candidate);

} // namespace molar::host
