#include "molar/photos/PhotoFormat.h"

#include <fstream>

namespace molar::photos {

std::string photoFormat(std::string_view firstBytes)
{
    using namespace std::string_view_literals;
    if (firstBytes.substr(0, 3) == "\xFF\xD8\xFF"sv)
        return "jpeg";
    if (firstBytes.substr(0, 8) == "\x89PNG\r\n\x1A\n"sv)
        return "png";
    return {};
}

std::string photoFormatOfFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::string start(photoSignatureBytes, '\0');
    in.read(start.data(), static_cast<std::streamsize>(start.size()));
    start.resize(static_cast<std::size_t>(in.gcount()));
    return photoFormat(start);
}

} // namespace molar::photos
