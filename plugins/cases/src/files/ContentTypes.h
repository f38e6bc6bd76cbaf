#pragma once

#include "files/ContentSample.h"
#include "files/FileInspector.h"

namespace molar::cases {

// Names the format of `sample` from its bytes alone, or refuses it. An archive
// comes back as format "zip" unopened: its entries are checkZip's business.
FileType recogniseContent(const ContentSample& sample);

} // namespace molar::cases
