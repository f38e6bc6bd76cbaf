#include "CaseService.h"

#include "catalog/TrackerSteps.h"
#include "chart/Shades.h"
#include "chart/ToothChart.h"
#include "molar/sdk/Errors.h"
#include "patient/PatientRules.h"
#include "store/CaseNumbers.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <set>

namespace molar::cases {
namespace {

// "billing.invoice.activity.issued": what the message catalogs name their texts with.
bool isCatalogKey(const std::string& key)
{
    return key.size() <= 200 && std::all_of(key.begin(), key.end(), [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '_' || c == '-';
           });
}

// A {{name}} the catalog's text can hold.
bool isFieldName(const std::string& name)
{
    return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    });
}

// An amount a payload names for a placeholder, as sdk::messageAmount writes it:
// {"minor": 45000, "currency": "QAR"}.
std::optional<sdk::Money> amountOf(const sdk::Value& value)
{
    if (!value.isObject() || !value.get("minor").isInt() || !value.get("currency").isString())
        return std::nullopt;
    const std::string currency = value.getString("currency");
    if (currency.size() != 3 ||
        !std::all_of(currency.begin(), currency.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
        return std::nullopt;
    return sdk::Money{value.getInt("minor"), currency};
}

// A date a payload names for a placeholder, as sdk::messageDate writes it:
// {"utcMillis": 1765000000000, "zone": "Asia/Qatar"}.
std::optional<SummaryDate> dateOf(const sdk::Value& value)
{
    if (!value.isObject() || !value.get("utcMillis").isInt() || !value.get("zone").isString())
        return std::nullopt;
    const std::string zone = value.getString("zone");
    if (zone.empty() || zone.size() > 64 || zone.find(' ') != std::string::npos)
        return std::nullopt;
    return SummaryDate{value.getInt("utcMillis"), zone};
}

// A timeline text as another plugin words it into `words`: a catalog key (`keyName`,
// summaryKey) and the values of its placeholders (`fieldsName`): strings, amounts and dates,
// the last two written in each reader's form; a payload that cannot be worded is refused
// naming the field.
void readWords(const sdk::Value& payload, const std::string& event, const std::string& keyName,
               const std::string& fieldsName, Activity& words)
{
    const std::string& key = words.summaryKey = payload.getString(keyName);
    if (!key.empty() && !isCatalogKey(key))
        throw sdk::PermanentError(event + " " + keyName + " '" + key + "' is not a catalog key");
    const sdk::Value& given = payload.get(fieldsName);
    if (!given.isNull() && !given.isObject())
        throw sdk::PermanentError(event + " " + fieldsName + " must be an object of strings");
    if (given.isObject())
        for (const auto& [name, value] : given.asObject()) {
            if (isFieldName(name) && value.isObject()) {
                if (const auto amount = amountOf(value))
                    words.summaryAmounts[name] = *amount;
                else if (const auto date = dateOf(value))
                    words.summaryDates[name] = *date;
                else
                    throw sdk::PermanentError(event + " " + fieldsName + "." + name +
                                              " must be a string, an amount {minor, currency} or a date "
                                              "{utcMillis, zone}");
                continue;
            }
            if (!isFieldName(name) || !value.isString() || value.asString().size() > 2000)
                throw sdk::PermanentError(event + " " + fieldsName + "." + name +
                                          " must be a string of at most 2000 bytes");
            words.summaryFields[name] = value.asString();
        }
}

// The teeth the work is on (crowns, bridges, implants, inlays; not a missing tooth or
// one to extract), FDI numbers in order: "11, 21". Empty for arch work.
std::string workTeeth(const std::string& encoded)
{
    ToothSelection selection;
    try {
        selection = decodeSelection(encoded);
    } catch (const std::invalid_argument&) {
        return {};
    }
    std::string out;
    for (const auto& [fdi, state] : selection) {
        if (state != "crown" && state != "bridge" && state != "implant" && state != "inlay_onlay_filling")
            continue;
        out += (out.empty() ? "" : ", ") + std::to_string(fdi);
    }
    return out;
}

} // namespace

CaseService::CaseService(sdk::Host& host, Catalog catalog, std::map<std::string, Workflow> workflows,
                         std::unique_ptr<WorkingCalendar> calendar, CaseSettings settings)
    : _host(host), _catalog(std::move(catalog)), _workflows(std::move(workflows)),
      _calendar(std::move(calendar)), _settings(std::move(settings))
{
    // Every status name once, in workflow order; workflows do not change after configure().
    auto addOnce = [](std::vector<std::string>& list, const std::string& name) {
        if (std::find(list.begin(), list.end(), name) == list.end())
            list.push_back(name);
    };
    addOnce(_statuses, "draft");
    for (const auto& [name, workflow] : _workflows)
        for (const auto& state : workflow.states()) {
            addOnce(_statuses, state.name);
            addOnce(state.terminal ? _closedStatuses : _openStatuses, state.name);
        }
    std::vector<const Workflow*> ordered;
    for (const auto& product : _catalog.products()) {
        const auto it = _workflows.find(product.workflow);
        if (it != _workflows.end() && std::find(ordered.begin(), ordered.end(), &it->second) == ordered.end())
            ordered.push_back(&it->second);
    }
    for (const auto& [name, workflow] : _workflows)
        if (std::find(ordered.begin(), ordered.end(), &workflow) == ordered.end())
            ordered.push_back(&workflow);
    std::vector<std::string> departures;
    addOnce(_clinicStages, "draft");
    for (const Workflow* workflow : ordered)
        for (const auto& stage : workflow->stages())
            addOnce(isDepartureStage(*workflow, stage) ? departures : _clinicStages, stage);
    for (const auto& stage : departures)
        if (std::find(_clinicStages.begin(), _clinicStages.end(), stage) == _clinicStages.end())
            _clinicStages.push_back(stage);
}

std::vector<std::string> CaseService::statusesOfStage(const std::string& stage) const
{
    std::vector<std::string> out;
    if (stage == "draft")
        out.push_back("draft");
    for (const auto& [name, workflow] : _workflows)
        for (const auto& state : workflow.states())
            if (state.stage == stage && std::find(out.begin(), out.end(), state.name) == out.end())
                out.push_back(state.name);
    return out;
}

std::int64_t CaseService::now() const
{
    return std::chrono::duration_cast<std::chrono::seconds>(_host.clock().now().time_since_epoch()).count();
}

const Workflow* CaseService::workflowOf(const CaseRecord& record) const
{
    auto it = _workflows.find(record.workflow);
    return it == _workflows.end() ? nullptr : &it->second;
}

CaseRecord CaseService::load(const CaseCaller& caller, std::int64_t id)
{
    return visibleCase(_host.database(), caller, id);
}

CaseRecord CaseService::visibleCase(sdk::SqlRunner& db, const CaseCaller& caller, std::int64_t id)
{
    auto record = CaseStore::load(db, id);
    if (!record || !caller.canSee(*record))
        throw CaseRefusal(404, "cases.error.notFound");
    return *record;
}

void CaseService::store(sdk::Transaction& tx, CaseRecord record)
{
    const Workflow* workflow = workflowOf(record);
    const WorkflowState* state = workflow ? workflow->state(record.status) : nullptr;
    record.isOpen = !record.isDraft() && state && !state->terminal;
    if (!CaseStore::update(tx, record))
        throw CaseRefusal(409, "cases.error.changed");
}

std::int64_t CaseService::createDraft(const CaseCaller& caller, CaseRecord draft)
{
    if (!caller.isClinic())
        throw CaseRefusal(403, "cases.error.clinicOnly");
    draft.organizationId = caller.organizationId;
    draft.createdBy = caller.actor.userId;
    if (!draft.ownerUserId)
        draft.ownerUserId = caller.actor.userId;
    draft.status = "draft";
    draft.stage = "draft";
    draft.createdAt = draft.updatedAt = now();
    std::int64_t id = 0;
    _host.database().transaction([&](sdk::Transaction& tx) {
        id = CaseStore::insert(tx, draft);
        draft.id = id;
        audit(tx, caller, draft, "case.draft_created", draft.patientRef);
    });
    return id;
}

void CaseService::saveDraft(const CaseCaller& caller, CaseRecord draft)
{
    _host.database().transaction([&](sdk::Transaction& tx) {
        const CaseRecord stored = visibleCase(tx, caller, draft.id);
        if (!stored.isDraft())
            throw CaseRefusal(409, "cases.error.notDraft");
        draft.organizationId = stored.organizationId;
        draft.createdBy = stored.createdBy;
        draft.status = "draft";
        draft.updatedAt = now();
        store(tx, draft);
    });
}

void CaseService::deleteDraft(const CaseCaller& caller, const CaseRecord& draft)
{
    std::vector<CaseFile> files;
    _host.database().transaction([&](sdk::Transaction& tx) {
        const CaseRecord stored = visibleCase(tx, caller, draft.id);
        if (!stored.isDraft())
            throw CaseRefusal(409, "cases.error.notDraft");
        files = CaseStore::files(tx, stored.id);
        CaseStore::remove(tx, stored.id);
        audit(tx, caller, stored, "case.draft_deleted", stored.patientRef);
    });
    // The rows are gone; the scans and photos go too, so no patient data outlives its draft.
    for (const auto& file : files) {
        try {
            _host.files().remove(file.storeKey);
        } catch (const std::exception& e) {
            _host.logger().warning("could not remove " + file.storeKey + " of a deleted draft: " + e.what());
        }
    }
}

std::vector<std::string> CaseService::missingFiles(const CaseRecord& draft,
                                                   const std::vector<CaseFile>& files) const
{
    std::vector<std::string> missing;
    const Product* product = _catalog.product(draft.product);
    if (!product)
        return missing;
    for (const auto& slot : product->requiredFiles)
        if (std::none_of(files.begin(), files.end(), [&](const CaseFile& f) { return f.slot == slot; }))
            missing.push_back(slot);
    return missing;
}

std::vector<std::string> CaseService::missingForSubmission(const CaseRecord& draft,
                                                           const std::vector<CaseFile>& files) const
{
    std::vector<std::string> missing;
    if (draft.patientRef.empty())
        missing.push_back("cases.missing.patient");
    const Product* product = _catalog.product(draft.product);
    if (!product) {
        missing.push_back("cases.missing.product");
        return missing;
    }
    if (product->patientDetails && _settings.patientNames && draft.patient.lastName.empty())
        missing.push_back("cases.missing.patientName");
    if (product->chart == "teeth") {
        bool work = false;
        try {
            for (const auto& [tooth, state] : decodeSelection(draft.teeth))
                work = work || state == "crown" || state == "bridge" || state == "implant" ||
                       state == "inlay_onlay_filling";
        } catch (const std::invalid_argument&) {
        }
        if (!work)
            missing.push_back("cases.missing.teeth");
    }
    if (product->chart == "arches" && !isArch(draft.arches))
        missing.push_back("cases.missing.arches");
    ShadeGuide guide;
    if (product->shade && (!parseShadeGuide(draft.shadeGuide, guide) || !isShade(guide, draft.shade)))
        missing.push_back("cases.missing.shade");
    if (!_catalog.validate(*product, draft.fields).empty())
        missing.push_back("cases.missing.fields");
    if (!missingFiles(draft, files).empty())
        missing.push_back("cases.missing.files");
    if (!draft.confirmed)
        missing.push_back("cases.missing.confirmations");
    return missing;
}

std::string CaseService::submit(const CaseCaller& caller, std::int64_t id, std::int64_t submittedAt)
{
    std::string why;
    if (!caller.isClinic())
        throw CaseRefusal(403, "cases.error.clinicOnly");
    if (!_host.accounts().isActivated(caller.organizationId, why))
        throw CaseRefusal(409, "cases.error.notActivated");
    // A clinic its owner removed is archived and no longer listed: no new case names it.
    const auto clinics = _host.accounts().clinics(caller.organizationId);
    // A random number can collide with one given the same day: the unique index
    // refuses the second, and the whole submission is tried again with a new draw.
    for (int attempt = 0;; ++attempt) {
        std::string number;
        try {
            _host.database().transaction([&](sdk::Transaction& tx) {
                CaseRecord record = visibleCase(tx, caller, id);
                if (!record.isDraft())
                    throw CaseRefusal(409, "cases.error.notDraft");
                const auto files = CaseStore::files(tx, record.id);
                const auto missing = missingForSubmission(record, files);
                // Files alone missing: say which, so the clinic knows what to upload.
                if (missing == std::vector<std::string>{"cases.missing.files"}) {
                    std::string slots;
                    for (const auto& slot : missingFiles(record, files))
                        slots += (slots.empty() ? "" : ", ") + slot;
                    throw CaseRefusal(400, "cases.error.filesMissing", slots);
                }
                if (!missing.empty())
                    throw CaseRefusal(400, "cases.error.incomplete");
                if (record.clinicId &&
                    std::none_of(clinics.begin(), clinics.end(),
                                 [&](const sdk::ClinicInfo& c) { return c.id == record.clinicId; }))
                    throw CaseRefusal(409, "cases.error.clinic");
                const Product* product = _catalog.product(record.product);
                const Workflow* workflow =
                    _workflows.count(product->workflow) ? &_workflows.at(product->workflow) : nullptr;
                if (!workflow)
                    throw CaseRefusal(409, "cases.error.noWorkflow");
                const std::int64_t at = submittedAt ? submittedAt : now();
                number = makeCaseNumber(_settings.numberPrefix,
                                        formatInZone(at, _calendar->hours().timeZone, "%y%m%d"));
                record.number = number;
                record.workflow = workflow->name();
                // The catalog checked startIn against the workflow when it was loaded.
                record.status = product->startIn.empty() ? workflow->entryState() : product->startIn;
                record.stage = workflow->state(record.status)->stage;
                record.submittedAt = record.updatedAt = at;
                record.dueAt = _calendar->dueAt(at, product->slaHours);
                store(tx, record);
                activity(tx, caller, record, "submitted", "draft", record.status, "",
                         product->startIn.empty() ? "" : "cases.submitted.startIn");
                audit(tx, caller, record, "case.submitted", product->code);
                const sdk::Value payload = eventPayload(record, caller);
                _host.events().publish(tx, "case.submitted", payload);
                const std::string& extra = workflow->state(record.status)->event;
                if (!extra.empty())
                    _host.events().publish(tx, extra, payload);
            });
            return number;
        } catch (const sdk::DatabaseError& e) {
            if (!e.isConflict() || attempt >= 20)
                throw;
        }
    }
}

std::int64_t CaseService::openRemake(sdk::Transaction& tx, const sdk::Value& payload)
{
    auto original = CaseStore::load(tx, payload.getInt("caseId"));
    if (!original || original->isDraft())
        throw CaseRefusal(404, "cases.error.notFound");
    const Product* product = _catalog.product(original->product);
    const Workflow* workflow =
        product && _workflows.count(product->workflow) ? &_workflows.at(product->workflow) : nullptr;
    if (!workflow)
        throw CaseRefusal(409, "cases.error.noWorkflow");
    CaseCaller caller;
    caller.side = "system";
    caller.actor = sdk::Actor::system("case.open_remake");
    if (const std::int64_t userId = payload.getInt("actorUserId")) {
        caller.actor.userId = userId;
        if (auto user = _host.accounts().user(userId))
            caller.actor.label = user->displayName;
    }
    CaseRecord remake = *original;
    remake.id = 0;
    remake.version = 0;
    remake.remakeOf = original->id;
    remake.noCharge = payload.get("noCharge").isBool() && payload.get("noCharge").asBool();
    remake.assignedTo = 0;
    remake.holdReason.clear();
    remake.previousStatus.clear();
    remake.createdAt = remake.submittedAt = remake.updatedAt = now();
    // The number is drawn as a submission draws one; a clash is a conflict the publisher's
    // transaction is tried again for.
    remake.number = makeCaseNumber(_settings.numberPrefix,
                                   formatInZone(remake.submittedAt, _calendar->hours().timeZone, "%y%m%d"));
    remake.workflow = workflow->name();
    // A remake starts where its product's cases start (straight into production for
    // aligners made from the clinic's STLs).
    remake.status = product->startIn.empty() ? workflow->entryState() : product->startIn;
    remake.stage = workflow->state(remake.status)->stage;
    remake.dueAt = _calendar->dueAt(remake.submittedAt, product->slaHours);
    const WorkflowState* entry = workflow->state(remake.status);
    remake.isOpen = entry && !entry->terminal;
    remake.id = CaseStore::insert(tx, remake);

    // Each case's timeline names the other.
    std::map<std::string, std::string> numbers{{"original", original->number}, {"remake", remake.number}};
    activity(tx, caller, remake, "submitted", "draft", remake.status, "",
             remake.noCharge ? "cases.remake.openedNoCharge" : "cases.remake.opened", numbers);
    activity(tx, caller, *original, "remake", "", "", "", "cases.remake.openedOn", numbers);
    audit(tx, caller, remake, "case.remake_opened", "remake of " + original->number);
    sdk::Value event = eventPayload(remake, caller);
    event.set("request", payload);
    _host.events().publish(tx, "case.submitted", event);
    const std::string& extra = entry ? entry->event : std::string();
    if (!extra.empty())
        _host.events().publish(tx, extra, event);
    return remake.id;
}

std::int64_t CaseService::openOrder(sdk::Transaction& tx, const sdk::Value& payload)
{
    auto original = CaseStore::load(tx, payload.getInt("caseId"));
    if (!original || original->isDraft())
        throw CaseRefusal(404, "cases.error.notFound");
    // The kinds of later order the timeline has words for.
    const std::string kind = payload.getString("kind");
    static const std::set<std::string> kinds{"refinement", "phase", "retainer", "remake", "replacement"};
    if (!kinds.count(kind))
        throw CaseRefusal(400, "cases.error.orderKind");
    const std::string productCode = payload.getString("product", original->product);
    const Product* product = _catalog.product(productCode);
    const Workflow* workflow =
        product && _workflows.count(product->workflow) ? &_workflows.at(product->workflow) : nullptr;
    // An order stays in its original's workflow: an aligner case's orders are aligner work.
    if (!workflow || workflow->name() != original->workflow)
        throw CaseRefusal(409, "cases.error.noWorkflow");
    const std::string startIn =
        payload.getString("startIn", product->startIn.empty() ? workflow->entryState() : product->startIn);
    const WorkflowState* entry = workflow->state(startIn);
    if (!entry || entry->terminal)
        throw CaseRefusal(409, "cases.error.actionNotAllowed");
    CaseCaller caller;
    caller.side = "system";
    caller.actor = sdk::Actor::system("case.open_order");
    if (const std::int64_t userId = payload.getInt("actorUserId")) {
        caller.actor.userId = userId;
        if (auto user = _host.accounts().user(userId))
            caller.actor.label = user->displayName;
    }
    CaseRecord order = *original;
    order.id = 0;
    order.version = 0;
    order.remakeOf = 0;
    order.orderOf = original->id;
    order.orderKind = kind;
    order.product = product->code;
    order.arches = payload.getString("arches", original->arches);
    if (product->code != original->product)
        order.fields.clear();
    if (payload.get("fields").isObject())
        for (const auto& [name, value] : payload.get("fields").asObject())
            order.fields[name] = value.toString();
    order.noCharge = payload.get("noCharge").isBool() && payload.get("noCharge").asBool();
    order.assignedTo = 0;
    order.holdReason.clear();
    order.previousStatus.clear();
    order.createdAt = order.submittedAt = order.updatedAt = now();
    // The number is drawn as a submission draws one; a clash is a conflict the publisher's
    // transaction is tried again for.
    order.number = makeCaseNumber(_settings.numberPrefix,
                                  formatInZone(order.submittedAt, _calendar->hours().timeZone, "%y%m%d"));
    order.workflow = workflow->name();
    order.status = entry->name;
    order.stage = entry->stage;
    order.dueAt = _calendar->dueAt(order.submittedAt, product->slaHours);
    order.isOpen = true;
    order.id = CaseStore::insert(tx, order);

    // Each case's timeline names the other.
    std::map<std::string, std::string> words{{"original", original->number}, {"order", order.number}};
    activity(tx, caller, order, "submitted", "draft", order.status, "", "cases.order.opened." + kind, words);
    activity(tx, caller, *original, "order", "", "", "", "cases.order.openedOn." + kind, words);
    audit(tx, caller, order, "case.order_opened", kind + " of " + original->number);
    sdk::Value event = eventPayload(order, caller);
    event.set("request", payload);
    _host.events().publish(tx, "case.submitted", event);
    if (!entry->event.empty())
        _host.events().publish(tx, entry->event, event);
    return order.id;
}

bool CaseService::mayTake(const CaseCaller& caller, const CaseRecord& record,
                          const Transition& transition) const
{
    const Workflow* workflow = workflowOf(record);
    if (!workflow || record.isDraft())
        return false;
    if (caller.side == "system")
        return true;
    return workflow->allows(transition, record.status, caller.side, caller.role);
}

void CaseService::transition(const CaseCaller& caller, std::int64_t id, const std::string& action,
                             const std::string& reason)
{
    _host.database().transaction(
        [&](sdk::Transaction& tx) { transitionIn(tx, caller, id, action, reason, false); });
}

void CaseService::moveBySystem(sdk::Transaction& tx, const sdk::Value& payload)
{
    CaseCaller caller;
    caller.side = "system";
    caller.actor = sdk::Actor::system("case.move");
    // The user whose act caused the move (a clinic accepting a quote) is named on the timeline.
    if (const std::int64_t userId = payload.getInt("actorUserId")) {
        caller.actor.userId = userId;
        if (auto user = _host.accounts().user(userId))
            caller.actor.label = user->displayName;
    }
    // The reason as the timeline words it for each reader, when the publisher gives its key.
    Activity words;
    readWords(payload, "case.move", "reasonKey", "reasonFields", words);
    transitionIn(tx, caller, payload.getInt("caseId"), payload.getString("action"),
                 payload.getString("reason"), true, words);
}

void CaseService::transitionIn(sdk::Transaction& tx, const CaseCaller& caller, std::int64_t id,
                               const std::string& action, const std::string& reason, bool fromItsStates,
                               const Activity& words)
{
    CaseRecord record = visibleCase(tx, caller, id);
    const Workflow* workflow = workflowOf(record);
    const Transition* transition = workflow ? workflow->transition(action) : nullptr;
    if (!transition)
        throw CaseRefusal(404, "cases.error.unknownAction");
    if (!mayTake(caller, record, *transition))
        throw CaseRefusal(409, "cases.error.actionNotAllowed");
    // The system may take any action, but a move asked for by another plugin only from
    // the states the action names: a case on hold or moved on meanwhile is refused.
    if (fromItsStates) {
        const auto moves = workflow->transitionsFrom(record.status);
        if (std::find(moves.begin(), moves.end(), transition) == moves.end())
            throw CaseRefusal(409, "cases.error.actionNotAllowed");
    }
    if (transition->reasonRequired && reason.empty())
        throw CaseRefusal(400, "cases.error.reasonRequired");
    const std::string from = record.status;
    const std::string fromStage = record.stage;
    const std::string to = workflow->target(*transition, record.previousStatus);
    const WorkflowState* target = workflow->state(to);
    if (!target)
        throw CaseRefusal(409, "cases.error.actionNotAllowed");
    record.previousStatus = from;
    record.status = to;
    record.stage = target->stage;
    record.holdReason = to == "on_hold" ? reason : std::string();
    record.updatedAt = now();
    store(tx, record);
    activity(tx, caller, record, "status", from, to, reason, words);
    audit(tx, caller, record, "case.status_changed",
          from + " -> " + to + (reason.empty() ? "" : ": " + reason));
    sdk::Value payload = eventPayload(record, caller);
    payload.set("previousStatus", from);
    // Clinics hear of stages: the lab's steps within one stage change nothing for them.
    payload.set("previousStage", fromStage);
    payload.set("stageChanged", fromStage != record.stage);
    payload.set("action", action);
    payload.set("reason", reason);
    _host.events().publish(tx, "case.status_changed", payload);
    if (!target->event.empty())
        _host.events().publish(tx, target->event, payload);
}

void CaseService::assign(const CaseCaller& caller, std::int64_t id, std::int64_t technicianId)
{
    if (!caller.isLab() || caller.role == "billing")
        throw CaseRefusal(403, "cases.error.labOnly");
    auto technician = _host.accounts().user(technicianId);
    if (!technician || technician->side != "lab" || technician->status != "active" ||
        technician->role == "billing")
        throw CaseRefusal(400, "cases.error.noSuchTechnician");
    _host.database().transaction([&](sdk::Transaction& tx) {
        CaseRecord record = visibleCase(tx, caller, id);
        if (record.assignedTo == technicianId)
            return;
        record.assignedTo = technicianId;
        record.updatedAt = now();
        store(tx, record);
        activity(tx, caller, record, "assignment", "", "", technician->displayName);
        audit(tx, caller, record, "case.assigned", technician->displayName);
        sdk::Value payload = eventPayload(record, caller);
        payload.set("assignedName", technician->displayName);
        _host.events().publish(tx, "case.assigned", payload);
    });
}

bool CaseService::patientNameCorrectable(const CaseRecord& record) const
{
    const Product* product = _catalog.product(record.product);
    return _settings.patientNames && product && product->patientDetails && !record.isDraft();
}

void CaseService::renamePatient(const CaseCaller& caller, std::int64_t id, const std::string& firstName,
                                const std::string& lastName)
{
    if (!caller.isClinic())
        throw CaseRefusal(403, "cases.error.clinicOnly");
    if (!nameError(firstName, false).empty() || !nameError(lastName, true).empty())
        throw CaseRefusal(400, "cases.error.patientNameInvalid");
    _host.database().transaction([&](sdk::Transaction& tx) {
        CaseRecord record = visibleCase(tx, caller, id);
        if (!patientNameCorrectable(record))
            throw CaseRefusal(409, "cases.error.patientNameFixed");
        std::vector<std::string> changed;
        if (record.patient.firstName != firstName)
            changed.push_back("first name");
        if (record.patient.lastName != lastName)
            changed.push_back("last name");
        if (changed.empty())
            return;
        record.patient.firstName = firstName;
        record.patient.lastName = lastName;
        record.patientName = firstName.empty() ? lastName : firstName + " " + lastName;
        record.updatedAt = now();
        store(tx, record);
        activity(tx, caller, record, "patient_renamed", "", "", "");
        // Which parts changed, not what they read: the audit log keeps no patient data.
        audit(tx, caller, record, "case.patient_renamed",
              changed.size() == 2 ? changed[0] + " and " + changed[1] : changed[0]);
    });
}

void CaseService::moveToUser(const CaseCaller& caller, std::int64_t id, std::int64_t userId)
{
    if (!(caller.isClinic() && caller.role == "owner"))
        throw CaseRefusal(403, "cases.error.ownerOnly");
    auto user = _host.accounts().user(userId);
    if (!user || user->organizationId != caller.organizationId || user->status != "active")
        throw CaseRefusal(400, "cases.error.noSuchUser");
    _host.database().transaction([&](sdk::Transaction& tx) {
        CaseRecord record = visibleCase(tx, caller, id);
        if (record.ownerUserId == userId)
            return;
        record.ownerUserId = userId;
        record.updatedAt = now();
        store(tx, record);
        activity(tx, caller, record, "moved", "", "", user->displayName);
        audit(tx, caller, record, "case.moved", user->displayName);
    });
}

void CaseService::addMessage(const CaseCaller& caller, std::int64_t id, const std::string& body,
                             std::vector<CaseFile> attachments)
{
    _host.database().transaction([&](sdk::Transaction& tx) {
        CaseRecord record = visibleCase(tx, caller, id);
        Message message;
        message.caseId = record.id;
        message.authorUserId = caller.actor.userId;
        message.authorLabel = caller.actor.label;
        message.authorSide = caller.side;
        message.body = body;
        message.createdAt = now();
        const std::int64_t messageId = CaseStore::addMessage(tx, message);
        addFiles(tx, caller, record, attachments, messageId);
        record.updatedAt = message.createdAt;
        store(tx, record);
        const std::string preview = body.size() > 140 ? body.substr(0, 140) + "…" : body;
        activity(tx, caller, record, "message", "", "", preview);
        audit(tx, caller, record, "case.message_added", "");
        sdk::Value payload = eventPayload(record, caller);
        payload.set("messageId", messageId);
        payload.set("authorSide", caller.side);
        payload.set("authorUserId", caller.actor.userId);
        payload.set("authorName", caller.actor.label);
        payload.set("preview", preview);
        _host.events().publish(tx, "case.message_added", payload);
    });
}

std::vector<std::int64_t> CaseService::addFiles(sdk::Transaction& tx, const CaseCaller& caller,
                                                CaseRecord& current, std::vector<CaseFile>& files,
                                                std::int64_t messageId)
{
    if (files.empty())
        return {};
    // Two uploads to one case count one after the other: the first holds the case's
    // row until it commits, and the count (read committed) then sees its files.
    tx.execute("UPDATE cases_cases SET updated_at = updated_at WHERE id = ?", {current.id});
    const std::int64_t held = CaseStore::fileCount(tx, current.id);
    if (held + static_cast<std::int64_t>(files.size()) > _settings.maxFilesPerCase)
        throw CaseRefusal(409, "cases.file.error.tooManyInCase");
    std::vector<std::int64_t> ids;
    const std::int64_t at = now();
    for (CaseFile& file : files) {
        file.caseId = current.id;
        file.messageId = messageId;
        file.uploadedBy = caller.actor.userId;
        file.uploadedAt = at;
        ids.push_back(CaseStore::addFile(tx, file));
        if (!current.isDraft())
            activity(tx, caller, current, "file", "", "", file.originalName);
        audit(tx, caller, current, "case.file_uploaded", file.originalName + " (" + file.format + ")");
    }
    return ids;
}

std::vector<std::int64_t> CaseService::recordFiles(const CaseCaller& caller, const CaseRecord& record,
                                                   std::vector<CaseFile> files)
{
    std::vector<std::int64_t> ids;
    _host.database().transaction([&](sdk::Transaction& tx) {
        CaseRecord current = visibleCase(tx, caller, record.id);
        ids = addFiles(tx, caller, current, files, 0);
        if (!current.isDraft()) {
            current.updatedAt = now();
            store(tx, current);
        }
    });
    return ids;
}

std::int64_t CaseService::recordFile(const CaseCaller& caller, const CaseRecord& record, CaseFile file)
{
    return recordFiles(caller, record, {std::move(file)}).front();
}

bool CaseService::hasRoomForFiles(const CaseRecord& record)
{
    return CaseStore::fileCount(_host.database(), record.id) < _settings.maxFilesPerCase;
}

sdk::Value CaseService::eventPayload(const CaseRecord& record, const CaseCaller& caller) const
{
    const Product* product = _catalog.product(record.product);
    return sdk::Value::object({{"caseId", record.id},
                               {"number", record.number},
                               {"organizationId", record.organizationId},
                               {"clinicId", record.clinicId},
                               {"ownerUserId", record.ownerUserId},
                               {"createdBy", record.createdBy},
                               {"assignedTo", record.assignedTo},
                               {"product", record.product},
                               {"productName", product ? product->name : record.product},
                               {"teeth", workTeeth(record.teeth)},
                               {"arches", record.arches},
                               {"remakeOf", record.remakeOf},
                               {"orderOf", record.orderOf},
                               {"orderKind", record.orderKind},
                               {"noCharge", record.noCharge},
                               {"workflow", record.workflow},
                               {"status", record.status},
                               {"stage", record.stage},
                               {"dueAt", record.dueAt},
                               {"trackPath", "/track/" + record.number},
                               {"casePath", "/cases/" + std::to_string(record.id)},
                               {"actorUserId", caller.actor.userId}});
}

void CaseService::addExternalActivity(sdk::Transaction& tx, const sdk::Value& payload)
{
    std::optional<CaseRecord> record;
    if (payload.has("caseId"))
        record = CaseStore::load(tx, payload.getInt("caseId"));
    else if (payload.has("number"))
        record = CaseStore::findByNumber(tx, payload.getString("number"));
    if (!record)
        throw sdk::PermanentError("case.activity names no known case");
    Activity a;
    a.caseId = record->id;
    a.kind = payload.getString("kind", "note");
    a.at = payload.getInt("at", now());
    a.actorLabel = payload.getString("actor", "system");
    a.summary = payload.getString("summary");
    a.link = payload.getString("link");
    readWords(payload, "case.activity", "summaryKey", "summaryFields", a);
    CaseStore::addActivity(tx, a);
}

void CaseService::audit(sdk::Transaction& tx, const CaseCaller& caller, const CaseRecord& record,
                        const std::string& action, const std::string& detail)
{
    _host.audit().record(tx, caller.actor,
                         {action, "case", record.number.empty() ? std::to_string(record.id) : record.number,
                          record.organizationId, detail});
}

void CaseService::activity(sdk::Transaction& tx, const CaseCaller& caller, const CaseRecord& record,
                           const std::string& kind, const std::string& from, const std::string& to,
                           const std::string& summary, const std::string& summaryKey,
                           const std::map<std::string, std::string>& summaryFields)
{
    Activity words;
    words.summaryKey = summaryKey;
    words.summaryFields = summaryFields;
    activity(tx, caller, record, kind, from, to, summary, words);
}

void CaseService::activity(sdk::Transaction& tx, const CaseCaller& caller, const CaseRecord& record,
                           const std::string& kind, const std::string& from, const std::string& to,
                           const std::string& summary, const Activity& words)
{
    Activity a = words;
    a.caseId = record.id;
    a.kind = kind;
    a.at = record.updatedAt ? record.updatedAt : now();
    a.actorUserId = caller.actor.userId;
    a.actorLabel = caller.actor.label;
    a.fromStatus = from;
    a.toStatus = to;
    a.summary = summary;
    CaseStore::addActivity(tx, a);
}

} // namespace molar::cases
