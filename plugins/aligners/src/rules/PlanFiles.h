#pragma once

#include <cstdint>
#include <string>

namespace molar::aligners {

// What the lab may upload with a plan, known by the bytes, not the name: the setup's
// STL per step (binary or ASCII), the PDF report, and a viewer file that is offered for
// download only (never served as a page).
enum class PlanFileKind
{
    Step,
    Report,
    Viewer,
};

constexpr std::uint64_t kMaxPlanFileBytes = 100ull * 1024 * 1024;
constexpr int kMaxPlanFiles = 120;

// The step a setup file is for: the last number in its name ("Upper_Step_05.stl" -> 5,
// "upper 0.stl" -> 0, the starting position); -1 when the name holds no number.
int stepFromFileName(const std::string& fileName);

// Whether the first bytes (at least 84, or the whole file when shorter) and the size
// are an STL: binary (80-byte header, a triangle count, 50 bytes per triangle, the size
// exactly that) or ASCII ("solid" then a facet). Answers a catalog key of the problem,
// "" when it is one.
std::string checkStl(const std::string& head, std::uint64_t size);

// Whether the bytes start as a PDF ("%PDF-"); a catalog key of the problem, "" when so.
std::string checkPdf(const std::string& head);

// A file's name as shown and stored: the last path segment, control characters and
// quotes dropped, at most 120 bytes (cut at a character boundary); "file" when nothing
// is left.
std::string displayFileName(const std::string& fileName);

} // namespace molar::aligners
