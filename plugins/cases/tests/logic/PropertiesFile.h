#pragma once

// Reads a .properties file the way the host's Poco PropertyFileConfiguration does:
// # and ! start comment lines, the key ends at the first '=' or ':', a backslash
// before the line end continues the value, \t \n \r \f are escapes and any other
// backslash is dropped, keys and values are trimmed.
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>

namespace molar::cases::test {

inline std::string trimProperty(const std::string& text)
{
    auto first = text.find_first_not_of(" \t\r\n\f");
    if (first == std::string::npos)
        return "";
    return text.substr(first, text.find_last_not_of(" \t\r\n\f") - first + 1);
}

inline std::map<std::string, std::string> readProperties(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot read " + path);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::map<std::string, std::string> out;
    std::size_t i = 0;
    auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f'; };
    while (i < text.size()) {
        while (i < text.size() && isSpace(text[i]))
            ++i;
        if (i >= text.size())
            break;
        if (text[i] == '#' || text[i] == '!') {
            while (i < text.size() && text[i] != '\n' && text[i] != '\r')
                ++i;
            continue;
        }
        std::string key;
        while (i < text.size() && text[i] != '=' && text[i] != ':' && text[i] != '\n' && text[i] != '\r')
            key += text[i++];
        std::string value;
        if (i < text.size() && (text[i] == '=' || text[i] == ':')) {
            ++i;
            while (i < text.size() && text[i] != '\n' && text[i] != '\r') {
                char c = text[i++];
                if (c != '\\' || i >= text.size()) {
                    value += c;
                    continue;
                }
                char next = text[i++];
                if (next == '\r' && i < text.size() && text[i] == '\n')
                    ++i;
                if (next == '\r' || next == '\n')
                    continue;
                value += next == 't'   ? '\t'
                         : next == 'n' ? '\n'
                         : next == 'r' ? '\r'
                         : next == 'f' ? '\f'
                                       : next;
            }
        }
        out[trimProperty(key)] = trimProperty(value);
    }
    return out;
}

} // namespace molar::cases::test
