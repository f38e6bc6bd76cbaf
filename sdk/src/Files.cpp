#include "molar/sdk/Files.h"

namespace molar::sdk {

namespace {
const std::size_t MAX_KEY_LENGTH = 512;

bool keyCharacter(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
}
} // namespace

bool isValidFileKey(const std::string& key)
{
    if (key.empty() || key.size() > MAX_KEY_LENGTH)
        return false;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = key.find('/', start);
        const std::string segment =
            key.substr(start, end == std::string::npos ? std::string::npos : end - start);
        // No empty segment (a leading, trailing or doubled '/'), and none that starts
        // with '.': that refuses "." and "..", hidden files, and the store's own ".tmp".
        if (segment.empty() || segment[0] == '.')
            return false;
        for (char c : segment)
            if (!keyCharacter(c))
                return false;
        if (end == std::string::npos)
            return true;
        start = end + 1;
    }
}

} // namespace molar::sdk
