#include "http/ReturnPath.h"

#include <algorithm>

namespace molar::host {

std::string safeReturnPath(const std::string& candidate)
{
    // Any control character is refused, not only CR/LF: browsers drop tabs and
    // newlines from a Location before resolving it, so "/\t/evil" means //evil.
    const bool control = std::any_of(candidate.begin(), candidate.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
    });
    if (candidate.empty() || candidate.front() != '/' || candidate.rfind("//", 0) == 0 ||
        candidate.find('\\') != std::string::npos || control)
        return "/";
    return candidate;
}

} // namespace molar::host
