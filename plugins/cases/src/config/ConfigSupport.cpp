#include "config/ConfigSupport.h"

#include "molar/sdk/Errors.h"

#include <algorithm>

namespace molar::cases {

std::string fullKey(const std::string& key)
{
    return "cases." + key;
}

void refuse(sdk::Config& config, const std::string& key, const std::string& allowed)
{
    throw sdk::ConfigError(fullKey(key), config.getString(key, ""), allowed);
}

bool isName(const std::string& text)
{
    if (text.empty() || text.front() < 'a' || text.front() > 'z')
        return false;
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

std::string joined(const std::vector<std::string>& items)
{
    std::string out;
    for (const auto& item : items)
        out += (out.empty() ? "" : ", ") + item;
    return out;
}

std::string trimmed(const std::string& text)
{
    const char* space = " \t\r\n";
    auto first = text.find_first_not_of(space);
    if (first == std::string::npos)
        return "";
    return text.substr(first, text.find_last_not_of(space) - first + 1);
}

std::vector<std::string> splitList(const std::string& text, char separator)
{
    std::vector<std::string> out;
    std::string::size_type start = 0;
    while (start <= text.size()) {
        auto end = text.find(separator, start);
        if (end == std::string::npos)
            end = text.size();
        std::string item = trimmed(text.substr(start, end - start));
        if (!item.empty())
            out.push_back(item);
        start = end + 1;
    }
    return out;
}

bool contains(const std::vector<std::string>& items, const std::string& item)
{
    return std::find(items.begin(), items.end(), item) != items.end();
}

std::vector<std::string> keysUnder(const sdk::Config& config, const std::string& prefix)
{
    std::vector<std::string> out;
    for (const auto& key : config.keys())
        if (key.size() > prefix.size() && key.compare(0, prefix.size(), prefix) == 0)
            out.push_back(key.substr(prefix.size()));
    return out;
}

} // namespace molar::cases
