#pragma once

#include "CaseService.h"
#include "files/FileInspector.h"
#include "molar/sdk/Plugin.h"

#include <istream>
#include <string>

namespace molar::cases {

// Takes one uploaded file from a request stream to the file store: written to a
// temporary file as it arrives (never held in memory), refused past the size
// limit, checked by content, photos stripped of their metadata, and only then
// committed and recorded on the case. A refused file leaves nothing behind.
class FileIntake
{
public:
    FileIntake(sdk::Host& host, CaseService& service, std::uint64_t maxBytes, InspectionLimits limits)
        : _host(host), _service(service), _maxBytes(maxBytes), _limits(limits)
    {
    }

    std::uint64_t maxBytes() const { return _maxBytes; }
    // Stores the file and records it on the case; answers the file's id. Throws
    // CaseRefusal(413 or 415) with the reason when the file is refused.
    std::int64_t receive(const CaseCaller& caller, const CaseRecord& record, const std::string& slot,
                         const std::string& fileName, std::istream& in);
    static bool isSlot(const std::string& slot);

private:
    sdk::Host& _host;
    CaseService& _service;
    std::uint64_t _maxBytes;
    InspectionLimits _limits;
};

} // namespace molar::cases
