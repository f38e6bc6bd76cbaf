#pragma once

#include <cstdint>
#include <string>

namespace molar::nps {

// A delivered case's feedback request (nps_requests): opened once per case, in the
// transaction that delivers it, for the case's dentist.
struct FeedbackRequest
{
    std::int64_t id = 0;
    std::int64_t caseId = 0;
    std::string caseNumber;
    std::int64_t organizationId = 0; // the clinic's
    std::int64_t ownerUserId = 0;    // the case's dentist, whom the link is sent to
    std::string product;             // the catalog's code
    std::string productName;
    std::int64_t technicianId = 0; // who the case was assigned to when delivered (0: nobody)
    std::int64_t requestedAt = 0;  // milliseconds since the epoch
    std::int64_t expiresAt = 0;    // its links stop working then
    std::int64_t answeredAt = 0;   // 0 until the case's answer was given

    bool answered() const { return answeredAt != 0; }
    bool expiredAt(std::int64_t nowMs) const { return nowMs >= expiresAt; }
};

// The one answer to a request (nps_answers, unique per case). Editable for
// nps.editHours after it was first given, by the clinic's members.
struct FeedbackAnswer
{
    std::int64_t id = 0;
    std::int64_t requestId = 0;
    std::int64_t caseId = 0;
    std::string caseNumber;
    std::int64_t organizationId = 0;
    std::int64_t authorUserId = 0; // who answered (the dentist the link was sent to)
    std::string authorName;        // their name when they answered
    int score = 0;                 // 0..10
    int fitStars = 0;              // 1..5, 0 when not given
    int aestheticsStars = 0;
    int speedStars = 0;
    std::string comment;  // at most 1000 characters
    bool consent = false; // the comment may be published on /reviews
    std::string product;
    std::string productName;
    std::int64_t technicianId = 0;
    std::int64_t answeredAt = 0; // first given
    std::int64_t updatedAt = 0;
};

// A low score's follow-up (nps_followups, one per answer): the lab's lead closes it with
// a note within 24 hours; one still open at its due time is overdue and escalated once.
struct FollowUp
{
    std::int64_t id = 0;
    std::int64_t answerId = 0;
    std::int64_t caseId = 0;
    std::string caseNumber;
    std::int64_t organizationId = 0;
    int score = 0;
    std::int64_t openedAt = 0;
    std::int64_t dueAt = 0;    // openedAt + 24 h
    std::int64_t closedAt = 0; // 0 while open
    std::int64_t closedBy = 0; // user id
    std::string closedByName;
    std::string note;             // the closing note
    std::int64_t escalatedAt = 0; // 0 until the overdue job escalated it

    bool open() const { return closedAt == 0; }
    bool overdueAt(std::int64_t nowMs) const { return open() && nowMs >= dueAt; }
};

} // namespace molar::nps
