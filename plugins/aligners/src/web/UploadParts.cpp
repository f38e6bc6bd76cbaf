#include "web/UploadParts.h"

#include "rules/PlanFiles.h"

#include "molar/sdk/Errors.h"

#include <algorithm>

namespace molar::aligners {

std::string readTextPart(std::istream& in)
{
    std::string text;
    char buffer[1024];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        text.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (text.size() > 16 * 1024)
            throw PlanRefusal(413, "aligners.upload.error.fieldTooLong");
    }
    return text;
}

CopiedFile copyFilePart(std::istream& in, std::ostream& out)
{
    CopiedFile file;
    char buffer[64 * 1024];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        const auto got = static_cast<std::size_t>(in.gcount());
        if (file.head.size() < 512)
            file.head.append(buffer, std::min(got, 512 - file.head.size()));
        file.size += got;
        if (file.size > kMaxPlanFileBytes)
            throw PlanRefusal(413, "aligners.upload.error.fileTooLarge");
        out.write(buffer, static_cast<std::streamsize>(got));
    }
    return file;
}

void failInWords(const Viewer& viewer, const PlanRefusal& refusal)
{
    throw sdk::HttpError(refusal.status(), viewer.t(refusal.key()));
}

} // namespace molar::aligners
