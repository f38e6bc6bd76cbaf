#pragma once

#include <map>
#include <string>
#include <vector>

namespace molar::cases {

// Tooth numbering. Teeth are stored canonically as FDI two-digit codes: 11-18,
// 21-28, 31-38, 41-48 (permanent), 51-55, 61-65, 71-75, 81-85 (deciduous).
// Universal numbers permanent teeth 1-32 (upper right third molar = 1, lower right
// third molar = 32) and deciduous teeth A-T.
enum class Numbering
{
    FDI,
    Universal
};

bool isTooth(int fdi);
// "11" (FDI) or "8" / "E" (Universal) -> FDI code; 0 when the label is not a tooth.
// Labels are exact: no spaces, leading zeros or lower-case letters.
int parseTooth(const std::string& label, Numbering numbering);
std::string toothLabel(int fdi, Numbering numbering);
// The permanent teeth in chart order: upper right to upper left, then lower right
// to lower left (as a dentist faces the patient).
const std::vector<int>& permanentChartOrder();

// Per-tooth states of PRODUCT.md, as stored: "missing", "planned_extraction",
// "inlay_onlay_filling", "crown", "bridge", "implant", "retained_deciduous", "do_not_move".
const std::vector<std::string>& toothStates();
bool isToothState(const std::string& state);

// A tooth selection: FDI code -> state. Stored as "11:crown,21:crown", sorted by code.
using ToothSelection = std::map<int, std::string>;
// Throws std::invalid_argument for a tooth or a state that is not one.
std::string encodeSelection(const ToothSelection& selection);
// Parses the stored form ("" is no tooth); throws std::invalid_argument naming the
// bad item (not "<FDI>:<state>", an unknown tooth or state, a tooth twice).
ToothSelection decodeSelection(const std::string& encoded);

// Arches for aligner products.
bool isArch(const std::string& arch); // "upper", "lower", "both"

} // namespace molar::cases
