#pragma once

#include <string>
#include <string_view>

namespace molar::cases {

// Why an archive entry's name could write outside the folder it is extracted to
// (absolute, "..", a backslash or a drive that Windows tools read as a path, a
// control character), or "" when it is safe. `name` is the raw name as stored.
std::string unsafeEntryName(std::string_view name);

// `name` fit for a log line and a message: control bytes shown as '?', at most 200 bytes.
std::string printableEntryName(std::string_view name);

} // namespace molar::cases
