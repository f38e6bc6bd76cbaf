#include "files/FileInspector.h"

#include "files/ContentSample.h"
#include "files/ContentTypes.h"
#include "files/ZipCheck.h"

namespace molar::cases {

FileType inspectFile(const std::string& path, const InspectionLimits& limits)
{
    FileType type = recogniseContent(sampleFile(path));
    if (type.format == "zip")
        return checkZip(path, limits);
    return type;
}

} // namespace molar::cases
