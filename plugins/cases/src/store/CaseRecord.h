#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace molar::cases {

// What an aligner portal asks of the patient (products with patientDetails): stored
// with the case, shown on its page, never in events or on the public tracker.
struct PatientDetails
{
    std::string firstName; // asked only where the lab allows names
    std::string lastName;
    std::string gender;    // female, male, other; empty: not given
    std::string birthDate; // YYYY-MM-DD; empty: not given
    std::string country;   // ISO 3166-1 alpha-2; empty: not given
};

// One row of cases_cases.
struct CaseRecord
{
    std::int64_t id = 0;
    std::string number; // empty while a draft
    std::int64_t organizationId = 0;
    std::int64_t clinicId = 0;
    std::int64_t ownerUserId = 0; // the clinic user responsible; the owner may move it
    std::int64_t createdBy = 0;
    std::string patientRef;
    std::string patientName;
    PatientDetails patient;
    std::string product;
    std::string workflow;
    std::string status = "draft";
    std::string previousStatus;
    std::string stage = "draft";
    std::string numbering = "fdi";
    std::string teeth; // canonical FDI selection, "11:crown,21:crown"
    std::string arches;
    std::string shadeGuide;
    std::string shade;
    std::map<std::string, std::string> fields; // product field values
    bool confirmed = false;
    std::int64_t assignedTo = 0;
    std::string holdReason;
    std::int64_t createdAt = 0;
    std::int64_t updatedAt = 0;
    std::int64_t submittedAt = 0;
    std::int64_t dueAt = 0;
    bool isOpen = false;       // submitted and not in a terminal state: on the lab's board
    std::int64_t remakeOf = 0; // the case this one remakes (a warranty claim), fixed at creation
    bool noCharge = false;     // made at no charge: billed to no one, fixed at creation
    std::int64_t orderOf = 0;  // the case this one is a later order of (aligners), fixed at creation
    std::string orderKind;     // refinement, phase, retainer, remake, replacement; "" otherwise
    int version = 0;

    bool isDraft() const { return status == "draft"; }
};

struct CaseFile
{
    std::int64_t id = 0;
    std::int64_t caseId = 0;
    std::int64_t messageId = 0;
    std::string slot; // upper_scan, lower_scan, bite_scan, scan, photo, radiograph, document
    std::string originalName;
    std::string storeKey;
    std::string kind;
    std::string format;
    std::string mediaType;
    std::int64_t size = 0;
    std::int64_t uploadedBy = 0;
    std::int64_t uploadedAt = 0;
};

} // namespace molar::cases
