#pragma once

#include "plans/Plan.h"
#include "web/Viewer.h"

#include <cstdint>
#include <istream>
#include <ostream>
#include <string>

namespace molar::aligners {

// What the plan and order forms share as their multipart bodies stream in.

// A text field, at most 16 KiB; PlanRefusal(413) beyond.
std::string readTextPart(std::istream& in);

// A file part copied to `out` as it arrives, at most kMaxPlanFileBytes (PlanRefusal(413)
// beyond): its first 512 bytes, for the content checks, and its size.
struct CopiedFile
{
    std::string head;
    std::uint64_t size = 0;
};
CopiedFile copyFilePart(std::istream& in, std::ostream& out);

// A refusal in the viewer's words, as the host's error page.
[[noreturn]] void failInWords(const Viewer& viewer, const PlanRefusal& refusal);

} // namespace molar::aligners
