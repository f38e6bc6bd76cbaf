#include "files/ZipEntryName.h"

namespace molar::cases {

std::string unsafeEntryName(std::string_view name)
{
    if (name.empty())
        return "has no name";
    for (char c : name) {
        auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7f)
            return "has a control character in its name";
        if (c == '\\')
            return "has a backslash in its name";
    }
    if (name.front() == '/')
        return "is an absolute path";
    if (name.size() >= 2 && name[1] == ':' &&
        ((name[0] >= 'A' && name[0] <= 'Z') || (name[0] >= 'a' && name[0] <= 'z')))
        return "names a drive";

    std::size_t start = 0;
    while (start <= name.size()) {
        std::size_t end = name.find('/', start);
        if (end == std::string_view::npos)
            end = name.size();
        if (name.substr(start, end - start) == "..")
            return "climbs out of the archive with ..";
        start = end + 1;
    }
    return {};
}

std::string printableEntryName(std::string_view name)
{
    constexpr std::size_t longest = 200;
    std::string shown(name.substr(0, longest));
    for (char& c : shown) {
        auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7f)
            c = '?';
    }
    if (name.size() > longest)
        shown += "...";
    return shown;
}

} // namespace molar::cases
