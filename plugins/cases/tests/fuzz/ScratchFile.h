#pragma once

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace molar::cases::fuzz {

// The one file a file-based target writes each input to: /tmp/molar-fuzz-<pid>/<name>.
// The folder is this process's alone, so parallel fuzzers never share a file; it is
// removed when the process exits normally (a crash leaves it for the post-mortem).
class ScratchFile
{
public:
    explicit ScratchFile(const std::string& name)
        : _folder(std::filesystem::temp_directory_path() / ("molar-fuzz-" + std::to_string(::getpid()))),
          _path((_folder / name).string())
    {
        std::filesystem::create_directories(_folder);
    }
    ~ScratchFile()
    {
        std::error_code ignored;
        std::filesystem::remove_all(_folder, ignored);
    }
    ScratchFile(const ScratchFile&) = delete;
    ScratchFile& operator=(const ScratchFile&) = delete;

    const std::string& path() const { return _path; }
    // Another file in the same folder, for what a target derives from the input.
    std::string sibling(const std::string& name) const { return (_folder / name).string(); }

    void write(const std::uint8_t* data, std::size_t size) const { writeTo(_path, data, size); }

    static void writeTo(const std::string& path, const std::uint8_t* data, std::size_t size)
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
        if (!out)
            throw std::runtime_error("cannot write the scratch file " + path);
    }

private:
    std::filesystem::path _folder;
    std::string _path;
};

} // namespace molar::cases::fuzz
