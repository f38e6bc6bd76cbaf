#pragma once

#include <mutex>

namespace molar::photos {

// Held while exiv2 reads or writes a photo's metadata: the first call initialises the
// XMP toolkit with a lock for its namespace registry, and photos then go one at a time.
// Throws std::runtime_error when the toolkit cannot be initialised.
std::unique_lock<std::mutex> exclusiveMetadataAccess();

} // namespace molar::photos
