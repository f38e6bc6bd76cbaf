#include "views/MessageCatalog.h"

#include "locale/IcuLocales.h"
#include "views/PseudoLocale.h"

#include <Poco/AutoPtr.h>
#include <Poco/DirectoryIterator.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <mutex>

namespace molar::host {

namespace {

// A .properties file whose entries can be read in one pass: Poco keeps them in a map but
// offers only keys() per prefix, a scan of the whole file per call.
class PropertiesFile : public Poco::Util::PropertyFileConfiguration
{
public:
    explicit PropertiesFile(const std::string& path) : PropertyFileConfiguration(path) {}
    using MapConfiguration::begin;
    using MapConfiguration::end;
};

} // namespace

void MessageCatalog::loadDirectory(const std::string& dir)
{
    Poco::File folder(dir);
    if (!folder.exists() || !folder.isDirectory())
        return;
    for (Poco::DirectoryIterator it(folder); it != Poco::DirectoryIterator(); ++it) {
        Poco::Path path(it->path());
        if (!it->isFile() || path.getExtension() != "properties")
            continue;
        Poco::AutoPtr<PropertiesFile> file(new PropertiesFile(path.toString()));
        std::map<std::string, std::string> entries(file->begin(), file->end());
        std::unique_lock<std::shared_mutex> lock(_mutex);
        // English brings its pseudo-locale along, for the translation tests.
        if (path.getBaseName() == "en") {
            auto& pseudo = _messages[PSEUDO_LOCALE];
            for (const auto& entry : entries)
                pseudo[entry.first] = pseudoLocalized(entry.second);
        }
        auto& target = _messages[path.getBaseName()];
        for (auto& entry : entries)
            target[entry.first] = std::move(entry.second);
    }
    // Keys English lacks (names whose English comes from config, such as product names)
    // take another language's text into the pseudo-locale, French first: the page then
    // shows that they came through the catalog.
    std::unique_lock<std::shared_mutex> lock(_mutex);
    auto& pseudo = _messages[PSEUDO_LOCALE];
    std::vector<std::string> others{"fr"};
    for (const auto& entry : _messages)
        if (entry.first != "fr" && entry.first != _fallback && entry.first != PSEUDO_LOCALE)
            others.push_back(entry.first);
    for (const auto& language : others) {
        auto catalog = _messages.find(language);
        if (catalog == _messages.end())
            continue;
        for (const auto& [key, text] : catalog->second)
            if (pseudo.count(key) == 0 && _messages[_fallback].count(key) == 0)
                pseudo[key] = pseudoLocalized(text);
    }
    ++_generation;
}

void MessageCatalog::add(const std::string& language, const std::string& key, const std::string& text)
{
    std::unique_lock<std::shared_mutex> lock(_mutex);
    _messages[language][key] = text;
    ++_generation;
}

std::string MessageCatalog::translate(const std::string& key, const std::string& language) const
{
    std::shared_lock<std::shared_mutex> lock(_mutex);
    for (const auto& lang : {language, _fallback}) {
        auto catalog = _messages.find(lang);
        if (catalog == _messages.end())
            continue;
        auto found = catalog->second.find(key);
        if (found != catalog->second.end())
            return found->second;
    }
    return key;
}

bool MessageCatalog::has(const std::string& key, const std::string& language) const
{
    std::shared_lock<std::shared_mutex> lock(_mutex);
    auto catalog = _messages.find(language);
    return catalog != _messages.end() && catalog->second.count(key) > 0;
}

std::vector<std::string> MessageCatalog::languages() const
{
    std::shared_lock<std::shared_mutex> lock(_mutex);
    std::vector<std::string> out;
    for (const auto& entry : _messages)
        out.push_back(entry.first);
    return out;
}

bool isRightToLeft(const std::string& language)
{
    return languageData().rightToLeft(language);
}

} // namespace molar::host
