#pragma once

#include "files/FileInspector.h"

#include <string>

namespace molar::cases {

// The catalog keys of refused files (English texts in the plugin's messages).
namespace fileError {
inline const std::string unknownType = "cases.file.error.unknownType";
inline const std::string empty = "cases.file.error.empty";
inline const std::string zipCorrupt = "cases.file.error.zipCorrupt";
inline const std::string zipUnsafePath = "cases.file.error.zipUnsafePath";
inline const std::string zipTooManyEntries = "cases.file.error.zipTooManyEntries";
inline const std::string zipTooLarge = "cases.file.error.zipTooLarge";
inline const std::string zipEncrypted = "cases.file.error.zipEncrypted";
inline const std::string zipUnknownEntry = "cases.file.error.zipUnknownEntry";
inline const std::string badScan = "cases.file.error.badScan";
inline const std::string badImage = "cases.file.error.badImage";
inline const std::string imageTooLarge = "cases.file.error.imageTooLarge";
} // namespace fileError

inline FileType acceptFile(std::string kind, std::string format, std::string mediaType)
{
    FileType type;
    type.kind = std::move(kind);
    type.format = std::move(format);
    type.mediaType = std::move(mediaType);
    return type;
}

inline FileType refuseFile(std::string problem, std::string detail)
{
    FileType type;
    type.problem = std::move(problem);
    type.detail = std::move(detail);
    return type;
}

} // namespace molar::cases
