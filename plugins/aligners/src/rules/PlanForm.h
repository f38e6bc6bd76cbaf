#pragma once

#include "rules/PlanTypes.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace molar::aligners {

// One option a plan offers the clinic: a plan type, the steps planned under it per arch,
// and its upfront price, fixed when the plan is uploaded.
struct PlanOption
{
    std::string type; // "TWO"
    std::string name;
    int plannedSteps = 0;
    std::int64_t priceMinor = 0;
    std::string currency;
};

// What the lab's upload form says, as typed.
struct PlanFormInput
{
    std::string stepsUpper;
    std::string stepsLower;
    std::string iprNotes;
    std::string attachmentNotes;
    std::string simulationUrl;
    std::string engagersUpper; // "3, 5": the steps at which engagers are placed
    std::string engagersLower;
    std::map<std::string, bool> offered;             // type code -> ticked
    std::map<std::string, std::string> plannedSteps; // type code -> as typed
};

// The form read and checked: numbers, notes, the link and the options with their prices.
struct PlanDraft
{
    int stepsUpper = 0;
    int stepsLower = 0;
    std::string iprNotes;
    std::string attachmentNotes;
    std::string simulationUrl;
    std::string engagerSteps; // "U3,U5,L3"
    std::vector<PlanOption> options;
};

// The problems found, by the form field they belong to ("stepsUpper", "options", ...):
// catalog keys, one per field, shown beside it.
using FormErrors = std::map<std::string, std::string>;

constexpr int kMaxPlanSteps = 200;
constexpr std::size_t kMaxNotesCharacters = 4000;

// Reads the form. Steps are whole numbers 0..200 per arch, at least one arch treated; the
// simulation link, when given, an https:// (or http://) address without spaces or
// quotes; engager steps within the arch's steps; notes at most 4000 characters of valid
// UTF-8; at least one option, each covering the steps it plans (planType.maxSteps) with
// 1..the plan's steps, priced by its type. Fills `errors` and returns what it could read.
PlanDraft readPlanForm(const PlanFormInput& input, const PlanTypes& types, FormErrors& errors);

// "U3,U5,L3" -> {"upper": {3, 5}, "lower": {3}}.
std::map<std::string, std::vector<int>> engagersByArch(const std::string& engagerSteps);

} // namespace molar::aligners
