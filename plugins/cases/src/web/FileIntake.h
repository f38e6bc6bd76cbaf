#pragma once

#include "CaseService.h"
#include "files/FileInspector.h"
#include "molar/sdk/Files.h"
#include "molar/sdk/Plugin.h"

#include <functional>
#include <istream>
#include <memory>
#include <string>
#include <vector>

namespace molar::cases {

struct IntakeLimits
{
    std::uint64_t maxBytes = 200ULL * 1024 * 1024; // one file
    std::size_t maxFilesPerRequest = 20;
    InspectionLimits inspection;
};

// Takes uploaded files from a request stream to the file store: each written to a
// temporary file as it arrives (never held in memory), refused past the size
// limit, checked by content (photos decoded whole), photos stripped of their
// metadata (in archives too). Files become visible only when the whole request
// has been accepted: a refused request leaves nothing behind.
class FileIntake
{
public:
    // A file checked and stripped, not yet visible in the store.
    struct Received
    {
        std::unique_ptr<sdk::FileWriter> writer;
        CaseFile file; // without its size, id and case
    };

    FileIntake(sdk::Host& host, IntakeLimits limits) : _host(host), _limits(limits) {}

    std::uint64_t maxBytes() const { return _limits.maxBytes; }
    std::size_t maxFilesPerRequest() const { return _limits.maxFilesPerRequest; }

    // Writes one file of the request and checks it. Throws CaseRefusal(400, 413 or
    // 415) with the reason and the file's name when it is refused.
    Received receive(const CaseRecord& record, const std::string& slot, const std::string& fileName,
                     std::istream& in);
    // Makes the files visible and hands them to `record`, which writes their rows;
    // when it throws, the files are removed again and the exception passes on.
    void store(std::vector<Received>& files, const std::function<void(std::vector<CaseFile>)>& record);
    static bool isSlot(const std::string& slot);

private:
    sdk::Host& _host;
    IntakeLimits _limits;
};

} // namespace molar::cases
