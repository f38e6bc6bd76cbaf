#pragma once

#include "molar/sdk/Files.h"

#include <filesystem>
#include <mutex>
#include <string>

namespace molar::host {

// A plugin's FileStore in a local folder (<files.root>/<plugin>/). A writer fills a
// temporary file in the folder's `.tmp/`, on the same filesystem, and commit()
// renames it into place, so readers see the whole old file or the whole new one and
// an abandoned write leaves nothing. Folders are made on first use; temporary files
// older than a day (left by a crash) are removed then. Thread-safe.
class LocalFileStore : public sdk::FileStore
{
public:
    explicit LocalFileStore(std::filesystem::path root);

    std::unique_ptr<sdk::FileWriter> create(const std::string& key) override;
    std::unique_ptr<std::istream> open(const std::string& key) override;
    bool exists(const std::string& key) override;
    std::uint64_t size(const std::string& key) override;
    void remove(const std::string& key) override;

    const std::filesystem::path& root() const { return _root; }
    // The folder of files being written.
    std::filesystem::path temporaryFolder() const { return _root / ".tmp"; }

private:
    // The file of a key; throws std::invalid_argument for a key that breaks the rules.
    std::filesystem::path pathOf(const std::string& key) const;
    void prepareTemporaryFolder();

    std::filesystem::path _root;
    std::once_flag _prepared;
};

} // namespace molar::host
