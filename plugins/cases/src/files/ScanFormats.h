#pragma once

#include "files/ContentSample.h"
#include "files/FileInspector.h"

#include <optional>

namespace molar::cases {

// Each recogniser answers nothing when the content is not its format, the format
// when it is, and a badScan refusal when it starts like the format but is broken.
std::optional<FileType> recogniseBinaryStl(const ContentSample& sample);
std::optional<FileType> recogniseAsciiStl(const ContentSample& sample);
std::optional<FileType> recognisePly(const ContentSample& sample);
std::optional<FileType> recogniseObj(const ContentSample& sample);

// A binary STL whose size does not match its triangle count: a text header, a
// non-zero count and a plausible first triangle, so other binaries are not taken for it.
std::optional<FileType> recogniseBrokenBinaryStl(const ContentSample& sample);

// A Wavefront material library, which comes beside an OBJ in an archive.
bool isMaterialLibrary(const ContentSample& sample);

} // namespace molar::cases
