#pragma once

#include "molar/sdk/Config.h"

#include <cstdint>
#include <string>
#include <vector>

namespace molar::aligners {

// A kind of treatment plan the clinic may choose when it approves a plan (the FAQ's
// UNLIMITED, FLEX, MINI, ONE, TWO, THREE): what it costs, what it includes and how its
// replacement aligners are charged.
struct PlanType
{
    std::string code;                   // "TWO"
    std::string name;                   // what clinics see
    std::int64_t priceMinor = 0;        // the upfront price
    std::int64_t alignerPriceMinor = 0; // added per aligner of the plan
    int maxSteps = 0;                   // most steps per arch it covers; 0: any
    int expiryMonths = 0;            // included revisions expire this long after the first shipment; 0: never
    int revisions = 0;               // revisions (refinements) or retainers included
    bool replacementsCharged = true; // false: replacement aligners are free
    int replacementIntervalDays = 0; // least days between two replacement orders; 0: none

    // Whether a plan of these steps per arch may offer this type.
    bool covers(int upperSteps, int lowerSteps) const;
    // The upfront price of a plan of these steps: price + alignerPrice x aligners.
    std::int64_t priceFor(int upperSteps, int lowerSteps) const;
};

// Everything `aligners.*` says about plan types and replacements.
struct PlanTypes
{
    std::string currency; // ISO 4217, of every amount here
    std::vector<PlanType> types;
    std::vector<std::string> upgradePath;          // codes, lowest first
    std::int64_t replacementAlignerPriceMinor = 0; // the FLEX price of one replacement aligner
    int maxReplacementStepsPerArch = 8;

    const PlanType* find(const std::string& code) const;
};

// Reads and checks `planTypes`, `planType.<T>.*`, `upgradePath`, `currency` and
// `replacement.*`; throws sdk::ConfigError naming the key of a bad value.
PlanTypes readPlanTypes(sdk::Config& config);

} // namespace molar::aligners
