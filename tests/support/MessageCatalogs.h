// A plugin's message catalogs as its tests check them: the keys of each language's
// file, the keys one language has and another lacks, and the keys its templates and
// sources name.
#pragma once

#include <filesystem>
#include <fstream>
#include <functional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace molar::test {

inline std::string readWholeFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// The key = text lines of a .properties catalog, in file order (comments and blank lines
// skipped; spaces around the key and before the text trimmed).
inline std::vector<std::pair<std::string, std::string>> catalogEntries(const std::string& path)
{
    std::istringstream in(readWholeFile(path));
    std::vector<std::pair<std::string, std::string>> entries;
    std::string line;
    while (std::getline(in, line)) {
        const auto start = line.find_first_not_of(" \t");
        if (start == std::string::npos || line[start] == '#' || line[start] == '!')
            continue;
        const auto eq = line.find('=');
        if (eq == std::string::npos)
            continue;
        std::string key = line.substr(start, eq - start);
        key.erase(key.find_last_not_of(" \t") + 1);
        std::string text = line.substr(eq + 1);
        text.erase(0, text.find_first_not_of(" \t"));
        entries.emplace_back(std::move(key), std::move(text));
    }
    return entries;
}

// The keys of `<messagesDir>/<language>.properties`.
inline std::set<std::string> catalogKeys(const std::string& messagesDir, const std::string& language)
{
    std::set<std::string> keys;
    for (auto& entry : catalogEntries(messagesDir + "/" + language + ".properties"))
        keys.insert(std::move(entry.first));
    return keys;
}

// What keeps `others` from matching `reference` key for key: one line per key, "fr lacks x"
// or "fr has a key en lacks: x". `mayLackInReference` allows keys only the other languages
// have (names whose English comes from config). Empty when they match.
inline std::vector<std::string>
catalogDifferences(const std::string& messagesDir, const std::string& reference,
                   const std::vector<std::string>& others,
                   const std::function<bool(const std::string&)>& mayLackInReference = {})
{
    const auto expected = catalogKeys(messagesDir, reference);
    std::vector<std::string> differences;
    for (const auto& language : others) {
        const auto keys = catalogKeys(messagesDir, language);
        for (const auto& key : expected)
            if (keys.count(key) == 0)
                differences.push_back(language + " lacks " + key);
        for (const auto& key : keys)
            if (expected.count(key) == 0 && !(mayLackInReference && mayLackInReference(key)))
                differences.push_back(language + " has a key " + reference + " lacks: " + key);
    }
    return differences;
}

// The keys matching `keyPattern` that the files directly in `folders` (under `root`) name.
// A match followed by a dot is a prefix the code completes ("pay-bank.state." + state) and
// one after a slash is a path (/static/pay-bank/pay-bank.css): neither counts.
inline std::set<std::string> keysNamedIn(const std::string& root, const std::vector<std::string>& folders,
                                         const std::string& keyPattern)
{
    std::set<std::string> named;
    const std::regex key(keyPattern);
    for (const auto& folder : folders) {
        if (!std::filesystem::is_directory(root + "/" + folder))
            continue;
        for (const auto& entry : std::filesystem::recursive_directory_iterator(root + "/" + folder)) {
            if (!entry.is_regular_file())
                continue;
            const std::string text = readWholeFile(entry.path().string());
            for (std::sregex_iterator it(text.begin(), text.end(), key), end; it != end; ++it) {
                const auto at = static_cast<std::size_t>(it->position());
                const auto after = at + static_cast<std::size_t>(it->length());
                if (after < text.size() && text[after] == '.')
                    continue;
                if (at > 0 && text[at - 1] == '/')
                    continue;
                named.insert(it->str());
            }
        }
    }
    return named;
}

// The lines of `lines`, one per line, for an assertion's message.
inline std::string joinLines(const std::vector<std::string>& lines)
{
    std::string text;
    for (const auto& line : lines)
        text += line + "\n";
    return text;
}

} // namespace molar::test
