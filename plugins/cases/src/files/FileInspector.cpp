#include "files/FileInspector.h"

#include "files/ContentSample.h"
#include "files/ContentTypes.h"
#include "files/FileRefusals.h"
#include "files/ZipCheck.h"

#include <molar/photos/PhotoCheck.h>

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

FileType checkImage(const std::string& path, const std::string& format, const InspectionLimits& limits)
{
    photos::PhotoLimits photoLimits;
    photoLimits.maxPixels = limits.maxImagePixels;
    const photos::PhotoCheck check = photos::checkPhoto(path, format, photoLimits);
    switch (check.problem) {
    case photos::PhotoProblem::none:
        return {};
    case photos::PhotoProblem::doesNotDecode:
        return refuseFile(fileError::badImage, check.detail);
    case photos::PhotoProblem::tooManyPixels:
        return refuseFile(fileError::imageTooLarge, check.detail);
    }
    return refuseFile(fileError::badImage, check.detail);
}

} // namespace molar::cases
