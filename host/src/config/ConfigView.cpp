#include "config/ConfigView.h"

#include <cctype>

#include "molar/sdk/Errors.h"

#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

#include <algorithm>

namespace molar::host {

ConfigView::ConfigView(const ConfigStore& store, std::string subtree)
    : _store(store), _subtree(std::move(subtree))
{
}

bool ConfigView::has(const std::string& key) const
{
    return _store.has(full(key));
}

std::string ConfigView::getString(const std::string& key, const std::string& fallback)
{
    _read.insert(key);
    return has(key) ? _store.get(full(key)) : fallback;
}

std::string ConfigView::requireString(const std::string& key)
{
    std::string value = Poco::trim(getString(key, ""));
    if (value.empty())
        fail(key, "a non-empty value");
    return value;
}

std::int64_t ConfigView::getInt(const std::string& key, std::int64_t fallback, std::int64_t min,
                                std::int64_t max)
{
    _read.insert(key);
    if (!has(key))
        return fallback;
    std::string allowed = "an integer from " + std::to_string(min) + " to " + std::to_string(max);
    Poco::Int64 value = 0;
    if (!Poco::NumberParser::tryParse64(Poco::trim(_store.get(full(key))), value) || value < min ||
        value > max)
        fail(key, allowed);
    return value;
}

bool ConfigView::getBool(const std::string& key, bool fallback)
{
    _read.insert(key);
    if (!has(key))
        return fallback;
    std::string value = Poco::toLower(Poco::trim(_store.get(full(key))));
    if (value == "true" || value == "yes" || value == "on" || value == "1")
        return true;
    if (value == "false" || value == "no" || value == "off" || value == "0")
        return false;
    fail(key, "true or false");
}

std::string ConfigView::getChoice(const std::string& key, const std::string& fallback,
                                  const std::vector<std::string>& allowed)
{
    std::string value = Poco::trim(getString(key, fallback));
    if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
        std::string list;
        for (const auto& a : allowed)
            list += (list.empty() ? "one of " : ", ") + a;
        fail(key, list);
    }
    return value;
}

std::vector<std::string> ConfigView::getList(const std::string& key, const std::vector<std::string>& fallback)
{
    if (!has(key)) {
        _read.insert(key);
        return fallback;
    }
    std::vector<std::string> out;
    Poco::StringTokenizer tokens(getString(key, ""), ",",
                                 Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const auto& token : tokens)
        out.push_back(token);
    return out;
}

std::vector<std::string> ConfigView::keys() const
{
    std::vector<std::string> out;
    for (const auto& key : _store.leafKeys(_subtree))
        if (key.size() > _subtree.size()) // the subtree's own name may hold a value too ("http = 1")
            out.push_back(key.substr(_subtree.size() + 1));
    return out;
}

std::vector<std::string> ConfigView::unreadKeys() const
{
    std::vector<std::string> out;
    // A value on the subtree's name itself is no setting of its owner.
    if (_store.has(_subtree))
        out.push_back(_subtree);
    for (const auto& key : keys()) {
        // A key is known when it or one of its parents was read (a map-valued key).
        bool known = false;
        for (std::string prefix = key;; prefix = prefix.substr(0, prefix.rfind('.'))) {
            if (_read.count(prefix)) {
                known = true;
                break;
            }
            if (prefix.find('.') == std::string::npos)
                break;
        }
        if (!known)
            out.push_back(full(key));
    }
    return out;
}

void ConfigView::fail(const std::string& key, const std::string& allowed) const
{
    throw sdk::ConfigError(full(key), _store.get(full(key)), allowed);
}

bool isSecretKey(const std::string& key)
{
    std::string name = key.substr(key.rfind('.') + 1);
    for (auto& c : name)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const char* word : {"password", "secret", "token", "apikey"})
        if (name.find(word) != std::string::npos && name.find("file") == std::string::npos)
            return true;
    return false;
}

std::string withoutUrlPasswords(const std::string& value)
{
    std::string out = value;
    for (auto scheme = out.find("://"); scheme != std::string::npos; scheme = out.find("://", scheme + 3)) {
        const auto start = scheme + 3;
        auto end = out.find_first_of(" \t,", start);
        if (end == std::string::npos)
            end = out.size();
        // The user info ends at the last '@' (a password may hold '@' and '/');
        // with no '@' at all, whatever follows "user:" may be a password too.
        const auto at = out.rfind('@', end - 1);
        const auto colon = out.find(':', start);
        if (colon == std::string::npos || colon >= end)
            continue;
        const auto stop = at != std::string::npos && at > colon && at < end ? at : end;
        if (stop > colon + 1)
            out.replace(colon + 1, stop - colon - 1, "***");
    }
    return out;
}

std::string describeConfigError(const ConfigStore& store, const std::string& key, const std::string& value,
                                const std::string& allowed)
{
    // A secret's value never reaches the log, even when it is the wrong one; nor does
    // the password inside a URL (db.url).
    const std::string shown = isSecretKey(key) ? "(hidden, " + std::to_string(value.size()) + " characters)"
                                               : "'" + withoutUrlPasswords(value) + "'";
    return store.origin(key) + ": " + key + " = " + shown + " is not allowed; expected " + allowed;
}

} // namespace molar::host
