#pragma once

#include <Poco/File.h>
#include <Poco/Path.h>

#include <fstream>
#include <stdexcept>
#include <string>

namespace molar::test {

// Writes `text` to `path`, creating the folders above it.
inline void writeFile(const std::string& path, const std::string& text)
{
    Poco::File(Poco::Path(path).parent()).createDirectories();
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out)
        throw std::runtime_error("cannot write " + path);
}

} // namespace molar::test
