#pragma once

#include <functional>
#include <string>

namespace molar::cases {

// A field of the request by name (the form's or the address's); "" when absent. Steps
// and presenters read these instead of the request, so they are tested without HTTP.
using Fields = std::function<std::string(const std::string&)>;

} // namespace molar::cases
