#pragma once

// sdk::Config over a std::map, checking values and remembering what was read the
// way the host's view of a plugin's subtree does.
#include "molar/sdk/Config.h"
#include "molar/sdk/Errors.h"

#include <Poco/AutoPtr.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace molar::whatsapp::test {

class MapConfig : public sdk::Config
{
public:
    explicit MapConfig(std::map<std::string, std::string> values = {}) : _values(std::move(values)) {}

    // The shipped config/conf.d/notify-whatsapp.properties, keys relative to the subtree.
    static MapConfig shipped()
    {
        Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> file = new Poco::Util::PropertyFileConfiguration(
            std::string(MOLAR_SOURCE_DIR) + "/config/conf.d/notify-whatsapp.properties");
        std::vector<std::string> keys;
        file->keys("notify-whatsapp", keys);
        std::map<std::string, std::string> values;
        for (const auto& key : keys)
            values[key] = file->getRawString("notify-whatsapp." + key);
        return MapConfig(values);
    }

    void set(const std::string& key, const std::string& value) { _values[key] = value; }

    bool has(const std::string& key) const override { return _values.count(key) > 0; }

    std::string getString(const std::string& key, const std::string& fallback) override
    {
        _read.insert(key);
        auto it = _values.find(key);
        return it == _values.end() ? fallback : it->second;
    }

    std::string requireString(const std::string& key) override
    {
        std::string value = Poco::trim(getString(key, ""));
        if (value.empty())
            throw sdk::ConfigError(key, value, "a non-empty value");
        return value;
    }

    std::int64_t getInt(const std::string& key, std::int64_t fallback, std::int64_t min,
                        std::int64_t max) override
    {
        std::string text = Poco::trim(getString(key, ""));
        if (!has(key))
            return fallback;
        Poco::Int64 value = 0;
        if (!Poco::NumberParser::tryParse64(text, value) || value < min || value > max)
            throw sdk::ConfigError(key, text,
                                   "an integer from " + std::to_string(min) + " to " + std::to_string(max));
        return value;
    }

    bool getBool(const std::string& key, bool fallback) override
    {
        std::string text = Poco::trim(getString(key, fallback ? "true" : "false"));
        return text == "true" || text == "yes" || text == "on" || text == "1";
    }

    std::string getChoice(const std::string& key, const std::string& fallback,
                          const std::vector<std::string>&) override
    {
        return getString(key, fallback);
    }

    std::vector<std::string> getList(const std::string& key,
                                     const std::vector<std::string>& fallback) override
    {
        std::string text = getString(key, "");
        if (!has(key))
            return fallback;
        Poco::StringTokenizer items(
            text, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
        return std::vector<std::string>(items.begin(), items.end());
    }

    std::vector<std::string> keys() const override
    {
        std::vector<std::string> out;
        for (const auto& entry : _values)
            out.push_back(entry.first);
        return out;
    }

    // Keys present that nothing read: what the host refuses after configure().
    std::vector<std::string> unreadKeys() const
    {
        std::vector<std::string> out;
        for (const auto& entry : _values)
            if (!_read.count(entry.first))
                out.push_back(entry.first);
        return out;
    }

private:
    std::map<std::string, std::string> _values;
    std::set<std::string> _read;
};

} // namespace molar::whatsapp::test
