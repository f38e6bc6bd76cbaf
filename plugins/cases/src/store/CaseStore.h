#pragma once

#include "molar/sdk/Database.h"
#include "molar/sdk/Money.h"
#include "store/CaseRecord.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace molar::cases {

// A date on the timeline: an instant and the zone its day is read in (the publisher's).
struct SummaryDate
{
    std::int64_t utcMillis = 0;
    std::string zone;
};

struct Activity
{
    std::int64_t id = 0;
    std::int64_t caseId = 0;
    std::string kind; // status, assignment, message, file, submitted, moved, or another plugin's kind
    std::int64_t at = 0;
    std::int64_t actorUserId = 0;
    std::string actorLabel;
    std::string fromStatus;
    std::string toStatus;
    std::string summary;
    std::string link;
    // Another plugin's entry in the reader's language: a catalog key and the values of
    // its {{name}} placeholders. Entries without a key show `summary` as it is.
    std::string summaryKey;
    std::map<std::string, std::string> summaryFields;
    // Placeholders that are amounts ("fee") or dates ("expiresOn"), written in the reader's
    // form when shown.
    std::map<std::string, sdk::Money> summaryAmounts;
    std::map<std::string, SummaryDate> summaryDates;
};

struct Message
{
    std::int64_t id = 0;
    std::int64_t caseId = 0;
    std::int64_t authorUserId = 0;
    std::string authorLabel;
    std::string authorSide;
    std::string body;
    std::int64_t createdAt = 0;
};

// One page of a case list, newest change first, continued after (updatedAt, id).
struct CaseListQuery
{
    std::int64_t organizationId = 0; // 0: every organization (the lab)
    std::int64_t ownerUserId = 0;    // 0: every user of the organization
    std::string status;              // "" for all; "open" for every submitted case not yet closed
    // A clinic stage, with the statuses that have it (they pick the index; the stage
    // itself tells workflows apart where one status name has different stages).
    std::string stage;
    std::vector<std::string> stageStatuses;
    std::vector<std::string> products; // "" for all
    std::string number;                // exact case number
    std::string patientPrefix;
    std::int64_t createdFrom = 0, createdTo = 0, updatedFrom = 0, updatedTo = 0;
    bool includeDrafts = true;
    std::int64_t afterUpdatedAt = 0, afterId = 0; // 0: first page
    int limit = 25;
};

// SQL of the cases_* tables. Every call takes the runner it works on, so a caller
// can group calls in one transaction.
class CaseStore
{
public:
    static std::optional<CaseRecord> load(sdk::SqlRunner& db, std::int64_t id);
    static std::optional<CaseRecord> findByNumber(sdk::SqlRunner& db, const std::string& number);
    static std::int64_t insert(sdk::SqlRunner& db, const CaseRecord& record);
    // Writes every column of `record` if its version is still the stored one, and
    // bumps the version; false when another change came first.
    static bool update(sdk::SqlRunner& db, const CaseRecord& record);
    static void remove(sdk::SqlRunner& db, std::int64_t id);

    // The rows of a list page, with the columns a list shows (no fields, teeth, shade).
    static std::vector<CaseRecord> list(sdk::SqlRunner& db, const CaseListQuery& query);
    // Cases per clinic stage of an organization (or of one of its users).
    static std::map<std::string, std::int64_t> countByStage(sdk::SqlRunner& db, std::int64_t organizationId,
                                                            std::int64_t ownerUserId);
    // Open cases per status across organizations, for the lab's board.
    static std::map<std::string, std::int64_t> countOpenByStatus(sdk::SqlRunner& db);

    static void addActivity(sdk::SqlRunner& db, const Activity& activity);
    static std::vector<Activity> activity(sdk::SqlRunner& db, std::int64_t caseId, int limit);
    // The statuses the case moved between (submitted, then each move), newest first: each
    // move's from and to status, up to `limit` moves. What the tracker needs of a timeline.
    static std::vector<std::pair<std::string, std::string>> statusMoves(sdk::SqlRunner& db,
                                                                        std::int64_t caseId, int limit);
    // When the case last moved into `status` (seconds since the epoch), read from its
    // timeline; 0 when it never did.
    static std::int64_t enteredStatusAt(sdk::SqlRunner& db, std::int64_t caseId, const std::string& status);

    static std::int64_t addMessage(sdk::SqlRunner& db, const Message& message);
    static std::vector<Message> messages(sdk::SqlRunner& db, std::int64_t caseId);

    static std::int64_t addFile(sdk::SqlRunner& db, const CaseFile& file);
    static std::vector<CaseFile> files(sdk::SqlRunner& db, std::int64_t caseId);
    // How many files the case holds, message attachments included.
    static std::int64_t fileCount(sdk::SqlRunner& db, std::int64_t caseId);
    static std::optional<CaseFile> file(sdk::SqlRunner& db, std::int64_t caseId, std::int64_t fileId);
};

} // namespace molar::cases
