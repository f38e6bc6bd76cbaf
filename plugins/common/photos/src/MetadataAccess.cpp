#include "MetadataAccess.h"

#include <exiv2/exiv2.hpp>

#include <stdexcept>

namespace molar::photos {

namespace {

// exiv2 0.27's XMP code is not safe on several threads: initialising the toolkit
// is unguarded, and decoding or encoding a packet registers namespaces in shared
// tables that other threads read without a lock. Uploads arrive on many threads,
// so the toolkit is initialised once, namespace registration gets the lock the
// toolkit asks for, and metadata is read and written one photo at a time (a few
// milliseconds per upload). The library is shared, so these are one in the process
// for every plugin that handles photos (case photos, warranty claims).
std::once_flag toolkitStarted;
std::mutex toolkitRegistry;
std::mutex metadataAccess;

void lockRegistry(void* mutex, bool lock)
{
    auto* registry = static_cast<std::mutex*>(mutex);
    if (lock)
        registry->lock();
    else
        registry->unlock();
}

} // namespace

std::unique_lock<std::mutex> exclusiveMetadataAccess()
{
    std::call_once(toolkitStarted, [] {
        if (!Exiv2::XmpParser::initialize(lockRegistry, &toolkitRegistry))
            throw std::runtime_error("the XMP toolkit cannot be initialised");
    });
    return std::unique_lock<std::mutex>(metadataAccess);
}

} // namespace molar::photos
