// ConfigStore loading a properties file (the input, written to a scratch file), then
// reading it as the host does: every leaf key, the host's settings (HostSettings),
// and typed reads through ConfigView. A file is loaded or refused with Poco::Exception;
// a bad value is refused with sdk::ConfigError; typed reads stay in their bounds; an
// error line never shows a secret's value or a URL's password.
#include "FuzzCheck.h"

#include "config/ConfigStore.h"
#include "config/ConfigView.h"
#include "config/HostSettings.h"

#include "molar/sdk/Errors.h"

#include <Poco/Exception.h>
#include <Poco/File.h>

#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

using namespace molar::host;

namespace {

std::string scratchFile;

void write(const std::string& path, const std::uint8_t* data, std::size_t size)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    MOLAR_FUZZ_CHECK(out.good(), "the scratch file can be written");
}

bool hasSpaceAtEnds(const std::string& text)
{
    return !text.empty() && (std::isspace(static_cast<unsigned char>(text.front())) ||
                             std::isspace(static_cast<unsigned char>(text.back())));
}

// Typed reads of one key through its subtree's view.
void readTyped(const ConfigStore& store, const std::string& key)
{
    const auto dot = key.find('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == key.size())
        return;
    ConfigView view(store, key.substr(0, dot));
    const std::string name = key.substr(dot + 1);
    MOLAR_FUZZ_CHECK(view.has(name), "a view has the keys of its subtree");
    try {
        const auto value = view.getInt(name, 7, -100, 100);
        MOLAR_FUZZ_CHECK(value >= -100 && value <= 100, "getInt stays within its bounds");
    } catch (const molar::sdk::ConfigError& e) {
        MOLAR_FUZZ_CHECK(e.key() == key, "the error names the key");
    }
    try {
        view.getBool(name, false);
    } catch (const molar::sdk::ConfigError&) {
    }
    try {
        const auto choice = view.getChoice(name, "on", {"on", "off"});
        MOLAR_FUZZ_CHECK(choice == "on" || choice == "off", "getChoice answers one of the choices");
    } catch (const molar::sdk::ConfigError&) {
    }
    for (const auto& item : view.getList(name, {}))
        MOLAR_FUZZ_CHECK(!item.empty() && !hasSpaceAtEnds(item), "list items are trimmed and not empty");
}

// Where a URL's password sits, when the value holds exactly one URL with one
// (user:password@host); npos when it holds none.
struct Span
{
    std::size_t at = std::string::npos;
    std::size_t size = 0;
};

Span urlPassword(const std::string& value)
{
    const auto scheme = value.find("://");
    if (scheme == std::string::npos || value.find("://", scheme + 3) != std::string::npos)
        return {};
    const auto start = scheme + 3;
    const auto end = value.find_first_of(" \t,", start);
    const std::string authority = value.substr(start, end == std::string::npos ? end : end - start);
    const auto at = authority.rfind('@');
    const auto colon = authority.find(':');
    if (at == std::string::npos || colon == std::string::npos || colon > at || at == colon + 1)
        return {};
    return {start + colon + 1, at - colon - 1};
}

// The same text with every byte changed, so no byte of the original survives.
std::string otherOfSameLength(const std::string& text)
{
    std::string out = text;
    for (auto& c : out)
        c = c == 'x' ? 'y' : 'x';
    return out;
}

// An error line must not depend on what it hides: a secret's value, or the password
// inside a URL, changed to other characters of the same length gives the same line.
// (Looking for the value in the line instead misreports a value that happens to
// match the key's tail and the " = " after it.)
void checkErrorLine(const ConfigStore& store, const std::string& key, const std::string& value)
{
    const std::string line = describeConfigError(store, key, value, "anything else");
    if (isSecretKey(key))
        MOLAR_FUZZ_CHECK(line == describeConfigError(store, key, otherOfSameLength(value), "anything else"),
                         "a secret's value is not shown");
    const Span password = urlPassword(value);
    if (password.at != std::string::npos) {
        std::string changed = value;
        changed.replace(password.at, password.size,
                        otherOfSameLength(value.substr(password.at, password.size)));
        MOLAR_FUZZ_CHECK(line == describeConfigError(store, key, changed, "anything else"),
                         "a URL's password is not shown");
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    const std::string folder = "/tmp/molar-fuzz-" + std::to_string(::getpid());
    Poco::File(folder).createDirectories();
    scratchFile = folder + "/config.properties";
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    write(scratchFile, data, size);
    ConfigStore store;
    try {
        store.addFile(scratchFile);
    } catch (const Poco::Exception&) {
        return 0; // refused, naming the file
    }
    const auto keys = store.leafKeys("");
    MOLAR_FUZZ_CHECK(std::is_sorted(keys.begin(), keys.end()) &&
                         std::adjacent_find(keys.begin(), keys.end()) == keys.end(),
                     "leaf keys are sorted, each once");
    std::size_t checked = 0;
    for (const auto& key : keys) {
        MOLAR_FUZZ_CHECK(store.has(key), "a leaf key is there");
        MOLAR_FUZZ_CHECK(store.origin(key) == scratchFile, "a key's origin is the file that set it");
        if (++checked <= 64) {
            readTyped(store, key);
            checkErrorLine(store, key, store.get(key));
        }
    }
    std::vector<std::unique_ptr<ConfigView>> views;
    try {
        const HostSettings settings = HostSettings::read(store, "/nonexistent/molar-data", views);
        MOLAR_FUZZ_CHECK(settings.http.threads > 0 && settings.http.queue >= 0 && settings.db.poolSize > 0,
                         "the host's settings are in their bounds");
    } catch (const molar::sdk::ConfigError& e) {
        MOLAR_FUZZ_CHECK(!e.key().empty(), "a refused setting names its key");
    }
    return 0;
}
