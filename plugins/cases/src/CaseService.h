#pragma once

#include "CaseCaller.h"
#include "catalog/Catalog.h"
#include "catalog/Workflow.h"
#include "eta/WorkingCalendar.h"
#include "molar/sdk/Plugin.h"
#include "store/CaseStore.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace molar::cases {

struct CaseSettings
{
    std::string numberPrefix = "TR";
    bool patientNames = false;          // whether the wizard asks for the patient's name
    std::int64_t maxFilesPerCase = 100; // files and message attachments together
    // The privacy policy clinics accept in the wizard: its address (a page of the lab's
    // site, or a path here), else its text, shown at /privacy.
    std::string privacyUrl;
    std::string privacyText;
    std::map<std::string, std::string> privacyTexts; // language -> the text in it
    // The countries a patient's country is chosen from (ISO 3166-1 alpha-2), in order.
    std::vector<std::string> countries;
};

// The rules of a case's life: drafts, submission, workflow moves, assignment,
// messages and the timeline. Each change commits with its audit entry, its
// activity row and its events in one transaction. Refusals throw CaseRefusal.
class CaseService
{
public:
    CaseService(sdk::Host& host, Catalog catalog, std::map<std::string, Workflow> workflows,
                std::unique_ptr<WorkingCalendar> calendar, CaseSettings settings);

    const Catalog& catalog() const { return _catalog; }
    const WorkingCalendar& calendar() const { return *_calendar; }
    const CaseSettings& settings() const { return _settings; }
    const std::map<std::string, Workflow>& workflows() const { return _workflows; }
    // Status names in workflow order: all of them ("draft" first), the open ones
    // (non-terminal states) and the closed ones (terminal states).
    const std::vector<std::string>& statuses() const { return _statuses; }
    const std::vector<std::string>& openStatuses() const { return _openStatuses; }
    const std::vector<std::string>& closedStatuses() const { return _closedStatuses; }
    // The stages clinics see, "draft" first, then each workflow's in the order its first
    // product appears in the catalog, departures (on hold, cancelled, ...) last.
    const std::vector<std::string>& clinicStages() const { return _clinicStages; }
    // The statuses whose stage is `stage` in some workflow.
    std::vector<std::string> statusesOfStage(const std::string& stage) const;
    const Workflow* workflowOf(const CaseRecord& record) const;
    std::int64_t now() const;

    // The case if `caller` may see it; CaseRefusal(404) otherwise, so a stranger
    // cannot tell a missing case from another organization's.
    CaseRecord load(const CaseCaller& caller, std::int64_t id);

    std::int64_t createDraft(const CaseCaller& caller, CaseRecord draft);
    // Saves a draft edited by the wizard; CaseRefusal(409) when it is no longer a draft
    // or changed meanwhile.
    void saveDraft(const CaseCaller& caller, CaseRecord draft);
    void deleteDraft(const CaseCaller& caller, const CaseRecord& draft);
    // What the draft still lacks before it may be submitted: catalog keys, empty when ready.
    // `files`: the draft's files; a product's requiredFiles slots each need one
    // ("cases.missing.files", the slots named by missingFiles).
    std::vector<std::string> missingForSubmission(const CaseRecord& draft,
                                                  const std::vector<CaseFile>& files) const;
    // The slots of the product's requiredFiles that hold none of `files`, in its order.
    std::vector<std::string> missingFiles(const CaseRecord& draft, const std::vector<CaseFile>& files) const;
    // Gives the draft its number, enters the workflow (at its product's startIn when it has
    // one) and publishes case.submitted. CaseRefusal(400, cases.error.filesMissing, the
    // missing slots comma-separated) when only required files are missing.
    // `at`: when it counts as submitted (its number's date, its due time); 0 is now.
    // Only the demo data dates cases in the past.
    std::string submit(const CaseCaller& caller, std::int64_t id, std::int64_t at = 0);

    // Whether `caller` may take `action` on the case now.
    bool mayTake(const CaseCaller& caller, const CaseRecord& record, const Transition& transition) const;
    void transition(const CaseCaller& caller, std::int64_t id, const std::string& action,
                    const std::string& reason);
    // Event "case.move" {caseId, action, actorUserId, reason}: another plugin moves a case
    // by a workflow action, in the publisher's transaction, performed as the system (any
    // role) but only from the states the action names; actorUserId (0: none) is named on
    // the timeline. A refusal throws CaseRefusal and rolls the publisher's change back.
    void moveBySystem(sdk::Transaction& tx, const sdk::Value& payload);
    // Event "case.open_remake" {caseId, noCharge, actorUserId, and anything the publisher
    // wants back}: another plugin (warranty, approving a claim)
    // opens a remake of a submitted case in its own transaction: a new case with the
    // original's clinic, dentist, product, teeth and shade, linked to it, received by the
    // lab at once (in its product's startIn, or the workflow's entry). Its case.submitted
    // carries remakeOf, noCharge and the publisher's payload under "request". Answers the
    // new case's id; CaseRefusal for a draft.
    std::int64_t openRemake(sdk::Transaction& tx, const sdk::Value& payload);
    // Event "case.open_order" {caseId, kind, product, arches, fields {name: value}, startIn,
    // noCharge, actorUserId, and anything the publisher wants back}: the aligners plugin
    // opens a later order of a submitted case (a refinement, a retainer, replacement
    // aligners) in its own transaction: a new case with the original's clinic, dentist and
    // patient, of `product` (the original's when empty; a product of the same workflow),
    // entering the workflow at `startIn` (a state that is not terminal; when empty, the
    // product's startIn or else the entry state), linked to the original. Its
    // case.submitted carries orderOf, orderKind, noCharge and the publisher's payload under
    // "request". Answers the new case's id; CaseRefusal for a draft, an unknown product or
    // state.
    std::int64_t openOrder(sdk::Transaction& tx, const sdk::Value& payload);
    void assign(const CaseCaller& caller, std::int64_t id, std::int64_t technicianId);
    // Whether the patient's first and last name of the case may be corrected: names are
    // allowed and its product asks the patient's details (the wizard took them).
    bool patientNameCorrectable(const CaseRecord& record) const;
    // The clinic corrects the patient's name of a submitted case: audited
    // ("case.patient_renamed", saying which parts changed, never the names) and on the
    // timeline; no event, since names are patient data. CaseRefusal: 403 for the lab,
    // 404 for a case the caller cannot see, 409 where names cannot be corrected, 400
    // for a name the wizard would refuse.
    void renamePatient(const CaseCaller& caller, std::int64_t id, const std::string& firstName,
                       const std::string& lastName);
    // The organization owner hands a case to another user of the organization.
    void moveToUser(const CaseCaller& caller, std::int64_t id, std::int64_t userId);
    // Adds a message with its attachments (stored files) in one transaction.
    void addMessage(const CaseCaller& caller, std::int64_t id, const std::string& body,
                    std::vector<CaseFile> attachments = {});
    // Records stored files on the case in one transaction; answers their ids.
    // CaseRefusal(409, cases.file.error.tooManyInCase) when the case would then hold
    // more than settings().maxFilesPerCase files.
    std::vector<std::int64_t> recordFiles(const CaseCaller& caller, const CaseRecord& record,
                                          std::vector<CaseFile> files);
    std::int64_t recordFile(const CaseCaller& caller, const CaseRecord& record, CaseFile file);
    // Whether the case has room for another file (checked again when files are recorded).
    bool hasRoomForFiles(const CaseRecord& record);

    // The payload every case event carries: what notifications need to address and word a message.
    // What every case event carries; actorUserId is who made the change (0: the system).
    sdk::Value eventPayload(const CaseRecord& record, const CaseCaller& caller) const;
    // An entry another plugin adds to a case's timeline (event "case.activity").
    void addExternalActivity(sdk::Transaction& tx, const sdk::Value& payload);

private:
    // `words`: the reason as a catalog key with its fields (summaryKey, summaryFields,
    // summaryAmounts, summaryDates), worded for each reader of the timeline.
    void transitionIn(sdk::Transaction& tx, const CaseCaller& caller, std::int64_t id,
                      const std::string& action, const std::string& reason, bool fromItsStates,
                      const Activity& words = {});
    void audit(sdk::Transaction& tx, const CaseCaller& caller, const CaseRecord& record,
               const std::string& action, const std::string& detail);
    void activity(sdk::Transaction& tx, const CaseCaller& caller, const CaseRecord& record,
                  const std::string& kind, const std::string& from, const std::string& to,
                  const std::string& summary, const std::string& summaryKey = "",
                  const std::map<std::string, std::string>& summaryFields = {});
    // The same with a summary worded by another plugin (its key and typed fields).
    void activity(sdk::Transaction& tx, const CaseCaller& caller, const CaseRecord& record,
                  const std::string& kind, const std::string& from, const std::string& to,
                  const std::string& summary, const Activity& words);
    std::vector<std::int64_t> addFiles(sdk::Transaction& tx, const CaseCaller& caller, CaseRecord& current,
                                       std::vector<CaseFile>& files, std::int64_t messageId);
    // The case read through `db` (the database, or a change's transaction) if `caller` may see it.
    static CaseRecord visibleCase(sdk::SqlRunner& db, const CaseCaller& caller, std::int64_t id);
    // Writes the case back, keeping its place on the lab's board in step with its state.
    void store(sdk::Transaction& tx, CaseRecord record);

    sdk::Host& _host;
    Catalog _catalog;
    std::map<std::string, Workflow> _workflows;
    std::unique_ptr<WorkingCalendar> _calendar;
    CaseSettings _settings;
    std::vector<std::string> _statuses, _openStatuses, _closedStatuses, _clinicStages;
};

} // namespace molar::cases
