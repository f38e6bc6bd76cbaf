#pragma once

#include "rules/PlanForm.h"

#include <cstdint>
#include <string>
#include <vector>

namespace molar::aligners {

// An aligner-family case as this plugin keeps it (from the cases plugin's events).
struct AlignerCase
{
    std::int64_t caseId = 0;
    std::string number;
    std::int64_t organizationId = 0;
    std::int64_t clinicId = 0;
    std::int64_t ownerUserId = 0;
    std::string product;
    std::string status;   // the cases workflow's state
    std::string planType; // chosen when a plan was accepted; "" before
    std::int64_t submittedAt = 0;
    std::int64_t firstShippedAt = 0;
    std::int64_t approvedAt = 0;
    std::int64_t parentCaseId = 0; // a later order: the case it was ordered on; 0 otherwise
    std::string orderKind;         // refinement, phase, retainer, remake, replacement; "" otherwise

    std::string path() const { return "/aligners/cases/" + std::to_string(caseId); }
};

// A plan's file as stored.
struct PlanFile
{
    std::int64_t id = 0;
    std::int64_t planId = 0;
    std::string kind; // step, report, viewer
    std::string arch; // upper, lower; "" for the others
    int step = 0;
    std::string name;
    std::string format; // stl, pdf, file
    std::string storeKey;
    std::int64_t sizeBytes = 0;
};

// One version of a case's treatment plan.
struct Plan
{
    std::int64_t id = 0;
    std::int64_t caseId = 0;
    int version = 0;
    std::string state; // proposed, accepted, rejected, modification_requested
    int stepsUpper = 0;
    int stepsLower = 0;
    std::string iprNotes;
    std::string attachmentNotes;
    std::string simulationUrl;
    std::string engagerSteps;
    std::int64_t uploadedBy = 0;
    std::string uploadedByName;
    std::int64_t uploadedAt = 0;
    std::int64_t decidedBy = 0;
    std::string decidedByName;
    std::int64_t decidedAt = 0;
    std::string reason;
    std::string chosenType;
    std::int64_t priceMinor = 0;
    std::string currency;
    std::vector<PlanOption> options;
    std::vector<PlanFile> files;

    const PlanOption* option(const std::string& type) const
    {
        for (const auto& o : options)
            if (o.type == type)
                return &o;
        return nullptr;
    }
};

// Why the plugin refuses something: an HTTP status and a catalog key.
class PlanRefusal
{
public:
    PlanRefusal(int status, std::string key) : _status(status), _key(std::move(key)) {}
    int status() const { return _status; }
    const std::string& key() const { return _key; }

private:
    int _status;
    std::string _key;
};

} // namespace molar::aligners
