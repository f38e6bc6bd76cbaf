#pragma once

#include "rules/Arches.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace molar::aligners {

// The later orders a clinic places on an aligner case, each its own case with its own
// tracker: a refinement (new scans of both arches, a new plan), the next phase (a new
// plan), a retainer (fixed lingual over a range, or removable), a remake, and
// replacement aligners for steps of the accepted plan.
enum class OrderKind
{
    Refinement,
    Phase,
    Retainer,
    Remake,
    Replacement
};

// "refinement", "phase", "retainer", "remake", "replacement"; nothing for other words.
std::optional<OrderKind> orderKindNamed(const std::string& name);
const char* orderKindName(OrderKind kind);

// What the order form says, as typed (scans come as files, counted by slot).
struct OrderFormInput
{
    std::string kind;
    std::string note;
    std::string arches;        // upper, lower, both (retainers)
    std::string retainerType;  // fixed_lingual, removable
    std::string retainerRange; // 2-2, 3-3, 4-4 (fixed lingual)
    std::string upperSteps;    // "5-7, 10" (replacements)
    std::string lowerSteps;
    std::string phases;               // phases sent together: 1 to 3 (next phase)
    std::string formKey;              // the form's one-time key: the same form sent twice places one order
    std::map<std::string, int> scans; // slot (upper_scan, lower_scan, bite_scan) -> files given
};

struct OrderDraft
{
    OrderKind kind = OrderKind::Refinement;
    std::string note;
    std::string arches;
    std::string retainerType;
    std::string retainerRange;
    PerArch<std::vector<int>> steps; // as asked, before the replacement rules check them
    int phases = 1;                  // phases opened together, each with its own tracker
};

// Problems by field ("note", "arches", "retainerType", "retainerRange", "upperSteps",
// "lowerSteps", "upperScan", "lowerScan", "phases", "kind"): catalog keys shown beside them.
using OrderErrors = std::map<std::string, std::string>;

constexpr std::size_t kMaxOrderNoteCharacters = 2000;

// Reads the form: a refinement needs new upper and lower scans; a fixed lingual retainer
// needs its range and new scans of its arches; a remake needs a note saying why; a
// replacement needs steps ("5-7, 10": numbers and ranges, 1..200); the next phase may
// send 1 to 3 phases together (empty: 1); notes at most 2000 characters of text.
OrderDraft readOrderForm(const OrderFormInput& input, OrderErrors& errors);

// "5-7, 10" -> {5, 6, 7, 10}; nothing for anything else (a range backwards, a number
// outside 1..200, words).
std::optional<std::vector<int>> readStepList(const std::string& text);

} // namespace molar::aligners
