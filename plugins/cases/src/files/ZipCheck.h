#pragma once

#include "files/FileInspector.h"

#include <string>

namespace molar::cases {

// Opens the archive at `path` and decompresses every entry, refusing it when an
// entry's name is unsafe, an entry is a link or encrypted, an entry's content is
// no scan, photo or PDF, or it holds more than `limits` allows once decompressed.
// Answers the zip scan type when every entry passes.
FileType checkZip(const std::string& path, const InspectionLimits& limits);

} // namespace molar::cases
