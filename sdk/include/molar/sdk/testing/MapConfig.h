#pragma once

// sdk::Config over a std::map, for a plugin's tests: it refuses bad values and
// remembers what was read the way the host's view of a plugin's subtree does, so a
// test can check a settings reader without a host. Header-only, standard library only.
//
//     molar::sdk::testing::MapConfig config({{"port", "587"}}, "notify-email");
//     auto settings = readSettings(config);          // throws ConfigError("notify-email.port", ...)
//     assert(config.unreadKeys().empty());           // every key was read
#include "molar/sdk/Config.h"
#include "molar/sdk/Errors.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace molar::sdk::testing {

class MapConfig : public sdk::Config
{
public:
    // Errors and unreadKeys() name keys in full, "<subtree>.<key>"; an empty subtree
    // names them as given.
    explicit MapConfig(std::map<std::string, std::string> values = {}, std::string subtree = "")
        : _values(std::move(values)), _subtree(std::move(subtree))
    {
    }
    // A test's settings are a value, copied to vary them; the Config interface itself
    // is never copied, so the copy is spelled out here.
    MapConfig(const MapConfig& other)
        : Config(), _values(other._values), _subtree(other._subtree), _read(other._read)
    {
    }
    MapConfig& operator=(const MapConfig& other)
    {
        _values = other._values;
        _subtree = other._subtree;
        _read = other._read;
        return *this;
    }

    void set(const std::string& key, const std::string& value) { _values[key] = value; }
    void erase(const std::string& key) { _values.erase(key); }

    bool has(const std::string& key) const override { return _values.count(key) > 0; }

    std::string getString(const std::string& key, const std::string& fallback) override
    {
        _read.insert(key);
        auto it = _values.find(key);
        return it == _values.end() ? fallback : it->second;
    }

    std::string requireString(const std::string& key) override
    {
        std::string value = trim(getString(key, ""));
        if (value.empty())
            fail(key, "a non-empty value");
        return value;
    }

    std::int64_t getInt(const std::string& key, std::int64_t fallback, std::int64_t min,
                        std::int64_t max) override
    {
        _read.insert(key);
        if (!has(key))
            return fallback;
        std::string text = trim(_values.at(key));
        char* end = nullptr;
        errno = 0;
        long long value = text.empty() ? 0 : std::strtoll(text.c_str(), &end, 10);
        if (text.empty() || *end != '\0' || errno == ERANGE || value < min || value > max)
            fail(key, "an integer from " + std::to_string(min) + " to " + std::to_string(max));
        return value;
    }

    bool getBool(const std::string& key, bool fallback) override
    {
        _read.insert(key);
        if (!has(key))
            return fallback;
        std::string value = trim(_values.at(key));
        std::transform(value.begin(), value.end(), value.begin(),
                       [](unsigned char c) { return std::tolower(c); });
        if (value == "true" || value == "yes" || value == "on" || value == "1")
            return true;
        if (value == "false" || value == "no" || value == "off" || value == "0")
            return false;
        fail(key, "true or false");
    }

    std::string getChoice(const std::string& key, const std::string& fallback,
                          const std::vector<std::string>& allowed) override
    {
        std::string value = trim(getString(key, fallback));
        if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
            std::string list;
            for (const auto& a : allowed)
                list += (list.empty() ? "one of " : ", ") + a;
            fail(key, list);
        }
        return value;
    }

    std::vector<std::string> getList(const std::string& key,
                                     const std::vector<std::string>& fallback) override
    {
        _read.insert(key);
        if (!has(key))
            return fallback;
        std::vector<std::string> out;
        std::string text = _values.at(key);
        std::string::size_type start = 0;
        while (start <= text.size()) {
            auto end = text.find(',', start);
            if (end == std::string::npos)
                end = text.size();
            std::string item = trim(text.substr(start, end - start));
            if (!item.empty())
                out.push_back(item);
            start = end + 1;
        }
        return out;
    }

    std::vector<std::string> keys() const override
    {
        std::vector<std::string> out;
        for (const auto& entry : _values)
            out.push_back(entry.first);
        return out;
    }

    // Keys, in full, that neither they nor a parent of theirs were read: what the
    // host refuses as unknown after configure().
    std::vector<std::string> unreadKeys() const
    {
        std::vector<std::string> out;
        for (const auto& entry : _values) {
            bool known = false;
            for (std::string prefix = entry.first;; prefix = prefix.substr(0, prefix.rfind('.'))) {
                if (_read.count(prefix)) {
                    known = true;
                    break;
                }
                if (prefix.find('.') == std::string::npos)
                    break;
            }
            if (!known)
                out.push_back(full(entry.first));
        }
        return out;
    }

private:
    static std::string trim(const std::string& text)
    {
        auto first = text.find_first_not_of(" \t\r\n");
        if (first == std::string::npos)
            return "";
        return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
    }

    [[noreturn]] void fail(const std::string& key, const std::string& allowed) const
    {
        auto it = _values.find(key);
        throw sdk::ConfigError(full(key), it == _values.end() ? "" : it->second, allowed);
    }

    std::string full(const std::string& key) const { return _subtree.empty() ? key : _subtree + "." + key; }

    std::map<std::string, std::string> _values;
    std::string _subtree;
    std::set<std::string> _read;
};

} // namespace molar::sdk::testing
