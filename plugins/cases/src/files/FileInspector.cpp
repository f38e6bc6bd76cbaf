#include "files/FileInspector.h"

#include "files/ContentSample.h"
#include "files/ContentTypes.h"
#include "files/ImageCheck.h"
#include "files/ZipCheck.h"

namespace molar::cases {

FileType inspectFile(const std::string& path, const InspectionLimits& limits)
{
    FileType type = recogniseContent(sampleFile(path));
    if (type.format == "zip")
        return checkZip(path, limits);
    if (type.format == "jpeg" || type.format == "png") {
        if (FileType refusal = checkImage(path, type.format, limits); !refusal.problem.empty())
            return refusal;
    }
    return type;
}

} // namespace molar::cases
