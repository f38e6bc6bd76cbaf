#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <shared_mutex>
#include <string>
#include <vector>

namespace molar::host {

// Message catalogs: `<language>.properties` files of key=value, one folder per
// owner (the host's templates/messages, each plugin's messages/). Lookups fall
// back to English, then to the key itself, so a missing translation shows
// something readable instead of nothing.
class MessageCatalog
{
public:
    explicit MessageCatalog(std::string fallbackLanguage = "en") : _fallback(std::move(fallbackLanguage)) {}

    // Loads every <language>.properties in `dir`; later loads add to or override keys.
    void loadDirectory(const std::string& dir);
    void add(const std::string& language, const std::string& key, const std::string& text);
    std::string translate(const std::string& key, const std::string& language) const;
    bool has(const std::string& key, const std::string& language) const;
    std::vector<std::string> languages() const;
    // The language every lookup falls back to, in which code words its messages.
    const std::string& fallbackLanguage() const { return _fallback; }
    // Changes whenever a message is added or loaded: what was worded from the catalog
    // before (templates prepared per language) is stale.
    std::uint64_t generation() const { return _generation.load(); }

private:
    std::string _fallback;
    mutable std::shared_mutex _mutex;
    std::map<std::string, std::map<std::string, std::string>> _messages; // language -> key -> text
    std::atomic<std::uint64_t> _generation{1};
};

// True for languages written right to left.
bool isRightToLeft(const std::string& language);

} // namespace molar::host
