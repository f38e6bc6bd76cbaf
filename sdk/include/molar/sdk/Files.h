#pragma once

#include "molar/sdk/Export.h"

#include <cstdint>
#include <istream>
#include <memory>
#include <ostream>
#include <string>

namespace molar::sdk {

// A file being written. Nothing is visible to readers until commit(); a writer
// destroyed without commit() removes what it wrote, so a failed or abandoned
// upload leaves nothing behind.
//
// Ownership: the caller owns it (FileStore::create returns it); destroy it before
// Plugin::stop() returns. Use it from one thread at a time.
class MOLAR_SDK_API FileWriter
{
public:
    virtual ~FileWriter();
    FileWriter() = default;
    FileWriter(const FileWriter&) = delete; // interfaces are never copied or moved
    FileWriter& operator=(const FileWriter&) = delete;
    // Where to write the bytes. Valid until commit() or destruction.
    virtual std::ostream& stream() = 0;
    // Pushes what stream() buffered to the local file.
    virtual void flush() = 0;
    // A local file holding the bytes written so far (call flush() first), which the
    // plugin may read and rewrite in place before commit(): content checks,
    // stripping metadata. Valid until commit() or destruction.
    virtual std::string localPath() = 0;
    // Makes the file visible under its key at once (an atomic rename into place),
    // replacing any file that had the key, and returns its size in bytes. Throws
    // std::runtime_error when the bytes could not be stored (the disk is full), and
    // std::logic_error when called twice.
    virtual std::uint64_t commit() = 0;
};

// Files a plugin keeps: uploads, generated documents. Each plugin has a store of its
// own (Host::files()); the host's is a folder per plugin under `files.root`, and other
// implementations (object storage) pass the conformance checks of
// <molar/sdk/testing/FileStoreConformance.h>.
//
// Keys are relative paths: segments of [A-Za-z0-9._-] separated by '/', none empty
// and none starting with '.', at most 512 characters ("cases/42/scan-1.stl"). A key
// that breaks these rules throws std::invalid_argument (isValidFileKey tells first).
// Keep what a file belongs to in the database; the key is only where the bytes are.
//
// Ownership: host owns; valid until Plugin::stop() returns. Thread-safe: call it from
// request handlers, jobs and start().
class MOLAR_SDK_API FileStore
{
public:
    virtual ~FileStore();
    FileStore() = default;
    FileStore(const FileStore&) = delete; // interfaces are never copied or moved
    FileStore& operator=(const FileStore&) = delete;
    // Starts writing the file `key`; readers see the old file (or none) until commit().
    virtual std::unique_ptr<FileWriter> create(const std::string& key) = 0;
    // Reads a committed file; throws FileNotFound when there is none. Ownership: the
    // caller owns the stream; a file replaced or removed meanwhile reads as it was.
    virtual std::unique_ptr<std::istream> open(const std::string& key) = 0;
    virtual bool exists(const std::string& key) = 0;
    // The committed file's size in bytes; throws FileNotFound when there is none.
    virtual std::uint64_t size(const std::string& key) = 0;
    // Removes the file; removing a file that is not there does nothing.
    virtual void remove(const std::string& key) = 0;
};

// Whether `key` follows the FileStore key rules above.
MOLAR_SDK_API bool isValidFileKey(const std::string& key);

} // namespace molar::sdk
