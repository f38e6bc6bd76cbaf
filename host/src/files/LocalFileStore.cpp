#include "files/LocalFileStore.h"

#include "molar/sdk/Errors.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <system_error>

namespace molar::host {

namespace fs = std::filesystem;

namespace {

const auto STALE_AFTER = std::chrono::hours(24);

// Makes a new, empty temporary file only this process can read, and names it.
fs::path makeTemporaryFile(const fs::path& folder)
{
    std::string pattern = (folder / "upload-XXXXXX").string();
    const int fd = ::mkstemp(pattern.data());
    if (fd < 0)
        throw std::system_error(errno, std::generic_category(), "cannot create a file in " + folder.string());
    ::close(fd);
    return pattern;
}

// Forces the bytes to the disk before the rename publishes them, so a crash cannot
// leave a committed name over an empty file.
void syncToDisk(const fs::path& file)
{
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw std::system_error(errno, std::generic_category(), "cannot reopen " + file.string());
    const int rc = ::fsync(fd);
    const int error = errno;
    ::close(fd);
    if (rc != 0)
        throw std::system_error(error, std::generic_category(), "cannot store " + file.string());
}

class LocalFileWriter : public sdk::FileWriter
{
public:
    LocalFileWriter(fs::path temporary, fs::path target)
        : _temporary(std::move(temporary)), _target(std::move(target)),
          _out(_temporary, std::ios::binary | std::ios::trunc)
    {
        if (!_out.is_open()) {
            std::error_code ignored;
            fs::remove(_temporary, ignored);
            throw std::runtime_error("cannot write " + _temporary.string());
        }
    }

    ~LocalFileWriter() override
    {
        if (_committed)
            return;
        _out.close();
        std::error_code ignored;
        fs::remove(_temporary, ignored);
    }

    std::ostream& stream() override
    {
        checkOpen();
        return _out;
    }

    void flush() override
    {
        checkOpen();
        _out.flush();
    }

    std::string localPath() override
    {
        checkOpen();
        return _temporary.string();
    }

    std::uint64_t commit() override
    {
        checkOpen();
        _out.close();
        if (_out.fail())
            throw std::runtime_error("cannot store " + _target.string() +
                                     ": writing failed (is the disk full?)");
        syncToDisk(_temporary);
        const std::uint64_t size = fs::file_size(_temporary);
        fs::create_directories(_target.parent_path());
        fs::rename(_temporary, _target);
        _committed = true;
        return size;
    }

private:
    void checkOpen() const
    {
        if (_committed)
            throw std::logic_error("the file " + _target.string() + " is already committed");
    }

    fs::path _temporary;
    fs::path _target;
    std::ofstream _out;
    bool _committed = false;
};

} // namespace

LocalFileStore::LocalFileStore(fs::path root) : _root(std::move(root)) {}

fs::path LocalFileStore::pathOf(const std::string& key) const
{
    if (!sdk::isValidFileKey(key))
        throw std::invalid_argument("'" + key +
                                    "' is not a file key: use segments of letters, digits, '.', '_' and '-' "
                                    "separated by '/', none starting with '.'");
    return _root / key;
}

void LocalFileStore::prepareTemporaryFolder()
{
    std::call_once(_prepared, [this] {
        const fs::path folder = temporaryFolder();
        fs::create_directories(folder);
        // Only files a crash left behind are old; writers in progress keep theirs fresh.
        const auto cutoff = fs::file_time_type::clock::now() - STALE_AFTER;
        std::error_code error;
        for (fs::directory_iterator it(folder, error), end; !error && it != end; it.increment(error)) {
            std::error_code ignored;
            if (it->is_regular_file(ignored) && it->last_write_time(ignored) < cutoff)
                fs::remove(it->path(), ignored);
        }
    });
}

std::unique_ptr<sdk::FileWriter> LocalFileStore::create(const std::string& key)
{
    fs::path target = pathOf(key);
    prepareTemporaryFolder();
    return std::make_unique<LocalFileWriter>(makeTemporaryFile(temporaryFolder()), std::move(target));
}

std::unique_ptr<std::istream> LocalFileStore::open(const std::string& key)
{
    const fs::path file = pathOf(key);
    std::error_code error;
    if (!fs::is_regular_file(file, error))
        throw sdk::FileNotFound(key);
    auto in = std::make_unique<std::ifstream>(file, std::ios::binary);
    if (!in->is_open())
        throw sdk::FileNotFound(key); // removed in the meantime
    return in;
}

bool LocalFileStore::exists(const std::string& key)
{
    std::error_code error;
    return fs::is_regular_file(pathOf(key), error);
}

std::uint64_t LocalFileStore::size(const std::string& key)
{
    const fs::path file = pathOf(key);
    std::error_code error;
    if (!fs::is_regular_file(file, error))
        throw sdk::FileNotFound(key);
    const std::uint64_t bytes = fs::file_size(file, error);
    if (error)
        throw sdk::FileNotFound(key);
    return bytes;
}

void LocalFileStore::remove(const std::string& key)
{
    const fs::path file = pathOf(key);
    std::error_code error;
    if (!fs::is_regular_file(file, error))
        return;
    if (!fs::remove(file, error) && error && error != std::errc::no_such_file_or_directory)
        throw std::system_error(error, "cannot remove " + file.string());
}

} // namespace molar::host
