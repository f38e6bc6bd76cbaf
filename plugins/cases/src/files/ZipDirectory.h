#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace molar::cases {

// How many entries the archive at `path` declares in its end of central directory
// record (ZIP64 included), read before libzip opens it: libzip allocates every
// entry of the directory on open, and a 200 MB archive can declare millions.
// Nothing when no such record is found.
std::optional<std::uint64_t> declaredEntryCount(const std::string& path);

} // namespace molar::cases
