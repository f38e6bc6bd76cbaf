#include "web/CaseDetailRoutes.h"

#include "web/Panels.h"

#include "chart/ToothChart.h"
#include "patient/PatientRules.h"
#include "web/ActivityText.h"
#include "web/RequestParams.h"
#include "web/TextPart.h"
#include "web/WizardRoutes.h"
#include "web/wizard/FormText.h"

namespace molar::cases {
namespace {

std::string humanSize(std::int64_t bytes)
{
    const char* units[] = {"B", "KB", "MB", "GB"};
    double value = static_cast<double>(bytes);
    int unit = 0;
    while (value >= 1024 && unit < 3)
        value /= 1024, ++unit;
    char text[32];
    std::snprintf(text, sizeof text, unit ? "%.1f %s" : "%.0f %s", value, units[unit]);
    return text;
}

} // namespace

void CaseDetailRoutes::registerRoutes(sdk::Routes& routes)
{
    using sdk::Access;
    auto bind = [this](void (CaseDetailRoutes::*method)(sdk::Request&, sdk::Response&)) {
        return [this, method](sdk::Request& request, sdk::Response& response) {
            _pages.guarded(request, [&] { (this->*method)(request, response); });
        };
    };
    routes.add("GET", "/cases/{id}", Access::SignedIn, bind(&CaseDetailRoutes::show));
    routes.add("POST", "/cases/{id}/actions/{action}", Access::SignedIn, bind(&CaseDetailRoutes::act));
    routes.add("POST", "/cases/{id}/assign", Access::Lab, bind(&CaseDetailRoutes::assign));
    routes.add("POST", "/cases/{id}/move", Access::Clinic, bind(&CaseDetailRoutes::move));
    routes.add("POST", "/cases/{id}/patient-name", Access::Clinic, bind(&CaseDetailRoutes::renamePatient));
    sdk::RouteOptions upload;
    upload.maxBodyBytes = _intake.maxBytes() + 64 * 1024;
    routes.add("POST", "/cases/{id}/messages", Access::SignedIn, bind(&CaseDetailRoutes::message), upload);
}

void CaseDetailRoutes::show(sdk::Request& request, sdk::Response& response)
{
    const CaseCaller caller = CaseCaller::of(request);
    const CaseRecord record = _pages.service().load(caller, caseIdParam(request));
    render(request, response, caller, record, sdk::Value::object());
}

void CaseDetailRoutes::render(sdk::Request& request, sdk::Response& response, const CaseCaller& caller,
                              const CaseRecord& record, const sdk::Value& rename)
{
    sdk::Value data = caseData(request, record);
    data.set("actions", actions(request, caller, record));
    data.set("timeline", timeline(request, record));
    data.set("csrf", request.csrfToken());
    data.set("justCreated", request.query("created") == "1");
    data.set("justSubmitted", request.query("submitted") == "1");
    data.set("justRenamed", request.query("renamed") == "1");
    if (caller.isClinic() && _pages.service().patientNameCorrectable(record)) {
        sdk::Value form = sdk::Value::object(
            {{"action", "/cases/" + std::to_string(record.id) + "/patient-name"},
             {"firstName",
              rename.has("firstName") ? rename.getString("firstName") : record.patient.firstName},
             {"lastName", rename.has("lastName") ? rename.getString("lastName") : record.patient.lastName}});
        form.set("errors", rename.has("errors") ? rename.get("errors") : sdk::Value::object());
        data.set("rename", form);
    }
    data.set("zone", _pages.zone(request));
    data.set("isLab", caller.isLab());
    data.set("isOwner", caller.isClinic() && caller.role == "owner");
    data.set("messageAction", "/cases/" + std::to_string(record.id) + "/messages");
    data.set("uploadError", _pages.uploadError(request));
    data.set("uploadAction", "/cases/" + std::to_string(record.id) + "/files");
    if (caller.isLab()) {
        sdk::Value technicians = sdk::Value::array();
        for (const auto& u : _host.accounts().labUsers(""))
            if (u.role != "billing")
                technicians.push(sdk::Value::object(
                    {{"id", u.id}, {"name", u.displayName}, {"selected", u.id == record.assignedTo}}));
        data.set("technicians", technicians);
    }
    if (caller.isClinic() && caller.role == "owner" && !record.isDraft()) {
        sdk::Value users = sdk::Value::array();
        for (const auto& u : _host.accounts().organizationUsers(record.organizationId, ""))
            users.push(sdk::Value::object(
                {{"id", u.id}, {"name", u.displayName}, {"selected", u.id == record.ownerUserId}}));
        data.set("orgUsers", users);
    }
    // While the case waits in invoicing, the quote billing sent (its "quote" timeline
    // entry, the newest, links it) waits for the clinic's answer.
    if (caller.isClinic() && record.status == "invoicing")
        for (const auto& a : CaseStore::activity(_host.database(), record.id, 200))
            if (a.kind == "quote" && !a.link.empty()) {
                data.set("quoteHref", a.link);
                break;
            }
    // Other plugins' boxes about this case (SDK 1.8: a warranty, feedback), for a
    // submitted case; each source reads the case's id from the route and checks the viewer.
    if (!record.isDraft())
        data.set("panels", panelsData(_host.views(), panelPlace, request, "case-panel"));
    const std::string title = record.isDraft() ? "cases.detail.draftTitle" : "cases.detail.title";
    _pages.page(request, response, "case", title, data);
}

sdk::Value CaseDetailRoutes::caseData(sdk::Request& request, const CaseRecord& record)
{
    const Catalog& catalog = _pages.service().catalog();
    sdk::Value data = _pages.summary(request, record);
    data.set("patientName", record.patientName);
    patientData(request, record, data);
    data.set("stage", record.stage);
    data.set("holdReason", record.holdReason);
    data.set("submittedAt", _pages.time(request, record.submittedAt));
    data.set("trackHref", record.number.empty() ? "" : "/track/" + record.number);
    data.set("trackUrl", record.number.empty() ? "" : _host.publicUrl() + "/track/" + record.number);
    // A remake names the case it remakes (which the viewer may see: the same organization).
    if (record.remakeOf != 0)
        if (auto original = CaseStore::load(_host.database(), record.remakeOf)) {
            data.set("remakeOfHref", "/cases/" + std::to_string(original->id));
            data.set("remakeOfNumber", original->number);
            data.set("noCharge", record.noCharge);
        }
    if (auto organization = _host.accounts().organization(record.organizationId))
        data.set("organization", organization->name);
    // Archived clinics too: the case keeps the clinic it was sent from.
    if (auto clinic = _host.accounts().clinic(record.clinicId);
        clinic && clinic->organizationId == record.organizationId)
        data.set("clinic", clinic->name);
    if (auto owner = _host.accounts().user(record.ownerUserId))
        data.set("dentist", owner->displayName);
    if (record.assignedTo)
        if (auto tech = _host.accounts().user(record.assignedTo))
            data.set("assigned", tech->displayName);
    // Teeth in the viewer's numbering (the case keeps FDI).
    const Numbering numbering = record.numbering == "universal" ? Numbering::Universal : Numbering::FDI;
    sdk::Value teeth = sdk::Value::array();
    try {
        for (const auto& [fdi, state] : decodeSelection(record.teeth))
            teeth.push(sdk::Value::object({{"tooth", toothLabel(fdi, numbering)},
                                           {"state", _pages.t(request, "cases.tooth." + state)}}));
    } catch (const std::invalid_argument&) {
    }
    data.set("teeth", teeth);
    data.set("numberingLabel", _pages.t(request, "cases.numbering." + record.numbering));
    data.set("arches", record.arches.empty() ? "" : _pages.t(request, "cases.arch." + record.arches));
    data.set("shade", record.shade.empty() ? ""
                                           : record.shade + " (" +
                                                 _pages.t(request, "cases.shade." + record.shadeGuide) + ")");
    sdk::Value fields = sdk::Value::array();
    if (const Product* product = catalog.product(record.product))
        for (const auto& name : product->fields) {
            const ProductField* field = catalog.field(name);
            const auto it = record.fields.find(name);
            if (!field || it == record.fields.end() || it->second.empty())
                continue;
            const bool chosen = field->type == "choice" || field->type == "boolean";
            const std::string shown =
                chosen ? _pages.label(request, "cases.option.", it->second) : it->second;
            // What the clinic typed is its own text, not the portal's (translate="no").
            fields.push(sdk::Value::object(
                {{"label", _pages.fieldLabel(request, *field)}, {"value", shown}, {"typed", !chosen}}));
        }
    data.set("fields", fields);
    sdk::Value files = sdk::Value::array();
    const std::string base = "/cases/" + std::to_string(record.id);
    for (const auto& f : CaseStore::files(_host.database(), record.id)) {
        const std::string href = base + "/files/" + std::to_string(f.id);
        files.push(
            sdk::Value::object({{"name", f.originalName},
                                {"href", href},
                                {"slotLabel", _pages.t(request, "cases.slot." + f.slot)},
                                {"format", f.format},
                                {"size", humanSize(f.size)},
                                {"uploaded", _pages.time(request, f.uploadedAt)},
                                {"previewable", f.format == "stl" || f.format == "ply" || f.format == "obj"},
                                {"isImage", f.kind == "photo"},
                                {"inMessage", f.messageId != 0}}));
    }
    data.set("files", files);
    sdk::Value messages = sdk::Value::array();
    for (const auto& m : CaseStore::messages(_host.database(), record.id))
        messages.push(sdk::Value::object({{"author", m.authorLabel},
                                          {"fromLab", m.authorSide == "lab"},
                                          {"body", m.body},
                                          {"at", _pages.time(request, m.createdAt)},
                                          {"atStamp", PageSupport::stamp(m.createdAt)}}));
    data.set("messages", messages);
    if (record.isDraft()) {
        const auto steps = WizardRoutes::steps(catalog, record);
        data.set("editHref", base + "/edit/" + steps.front());
        data.set("deleteHref", base + "/delete");
        data.set("submitHref", base + "/submit");
    }
    return data;
}

void CaseDetailRoutes::patientData(sdk::Request& request, const CaseRecord& record, sdk::Value& data)
{
    const PatientDetails& patient = record.patient;
    data.set("patientGender",
             patient.gender.empty() ? "" : _pages.t(request, "cases.gender." + patient.gender));
    data.set("patientBirthDate", patient.birthDate.empty() ? "" : _pages.day(request, patient.birthDate));
    if (!patient.country.empty()) {
        const std::string key = "cases.country." + patient.country;
        const std::string name = _pages.t(request, key);
        data.set("patientCountry", name == key ? patient.country : name);
    }
}

sdk::Value CaseDetailRoutes::actions(sdk::Request& request, const CaseCaller& caller,
                                     const CaseRecord& record)
{
    sdk::Value out = sdk::Value::array();
    const Workflow* workflow = _pages.service().workflowOf(record);
    if (!workflow || record.isDraft())
        return out;
    // Every action of the workflow on the viewer's side; those not possible now are disabled.
    for (const auto& transition : workflow->transitions()) {
        // Other plugins take these (case.move): no user has a button for them.
        if (transition.bySystem())
            continue;
        bool sideMayEver = false;
        for (const auto& role : transition.roles)
            sideMayEver = sideMayEver || role == caller.side || role == caller.role;
        if (!sideMayEver)
            continue;
        const bool enabled = _pages.service().mayTake(caller, record, transition);
        out.push(sdk::Value::object(
            {{"action", transition.action},
             {"label", _pages.label(request, "cases.action.", transition.action)},
             {"href", "/cases/" + std::to_string(record.id) + "/actions/" + transition.action},
             {"enabled", enabled},
             {"reason", transition.reasonRequired},
             {"reasonId", "reason-" + transition.action}}));
    }
    return out;
}

sdk::Value CaseDetailRoutes::timeline(sdk::Request& request, const CaseRecord& record)
{
    sdk::Value out = sdk::Value::array();
    const Workflow* workflow = _pages.service().workflowOf(record);
    const bool clinic = PageSupport::isClinicViewer(request);
    // A clinic reads moves between its stages; the lab's steps within one stage are not news to it.
    auto stageOf = [&](const std::string& status) {
        const WorkflowState* state = workflow ? workflow->state(status) : nullptr;
        return state ? state->stage : status;
    };
    for (const auto& a : CaseStore::activity(_host.database(), record.id, 200)) {
        std::string text;
        if ((a.kind == "status" || a.kind == "submitted") && clinic) {
            const std::string from = stageOf(a.fromStatus), to = stageOf(a.toStatus);
            if (from == to)
                continue;
            text = _pages.stageLabel(request, from) + " → " + _pages.stageLabel(request, to);
        } else if (a.kind == "status" || a.kind == "submitted")
            text =
                _pages.statusLabel(request, a.fromStatus) + " → " + _pages.statusLabel(request, a.toStatus);
        else
            text = _pages.label(request, "cases.activity.", a.kind);
        out.push(sdk::Value::object({{"at", _pages.time(request, a.at)},
                                     {"atStamp", PageSupport::stamp(a.at)},
                                     {"kind", a.kind},
                                     {"text", text},
                                     {"summary", activitySummary(_host, request.language(), a)},
                                     {"summaryTyped", a.summaryKey.empty()},
                                     {"actor", activityActor(_pages.views(), request.language(), a)},
                                     {"actorIsPortal", byPortal(a)},
                                     {"link", a.link}}));
    }
    return out;
}

void CaseDetailRoutes::act(sdk::Request& request, sdk::Response& response)
{
    const std::int64_t id = caseIdParam(request);
    std::string reason = request.form("reason");
    if (reason.size() > 1000)
        reason.resize(1000);
    _pages.service().transition(CaseCaller::of(request), id, request.param("action"), reason);
    response.redirect("/cases/" + std::to_string(id));
}

void CaseDetailRoutes::assign(sdk::Request& request, sdk::Response& response)
{
    const std::int64_t id = caseIdParam(request);
    std::int64_t technician = 0;
    try {
        technician = std::stoll(request.form("technician"));
    } catch (const std::exception&) {
        throw CaseRefusal(400, "cases.error.noSuchTechnician");
    }
    _pages.service().assign(CaseCaller::of(request), id, technician);
    response.redirect("/cases/" + std::to_string(id));
}

void CaseDetailRoutes::move(sdk::Request& request, sdk::Response& response)
{
    const std::int64_t id = caseIdParam(request);
    std::int64_t user = 0;
    try {
        user = std::stoll(request.form("user"));
    } catch (const std::exception&) {
        throw CaseRefusal(400, "cases.error.noSuchUser");
    }
    _pages.service().moveToUser(CaseCaller::of(request), id, user);
    response.redirect("/cases/" + std::to_string(id));
}

void CaseDetailRoutes::renamePatient(sdk::Request& request, sdk::Response& response)
{
    const CaseCaller caller = CaseCaller::of(request);
    const std::int64_t id = caseIdParam(request);
    const std::string firstName = trimmed(request.form("firstName"));
    const std::string lastName = trimmed(request.form("lastName"));
    sdk::Value errors = sdk::Value::object();
    if (const std::string key = nameError(firstName, false); !key.empty())
        errors.set("firstName", _pages.t(request, key));
    if (const std::string key = nameError(lastName, true); !key.empty())
        errors.set("lastName", _pages.t(request, key));
    if (errors.size() > 0) {
        // Refused before anything changes; the page only for whom the case is theirs.
        const CaseRecord record = _pages.service().load(caller, id);
        if (!_pages.service().patientNameCorrectable(record))
            throw CaseRefusal(409, "cases.error.patientNameFixed");
        response.setStatus(400);
        render(request, response, caller, record,
               sdk::Value::object({{"firstName", firstName}, {"lastName", lastName}, {"errors", errors}}));
        return;
    }
    _pages.service().renamePatient(caller, id, firstName, lastName);
    response.redirect("/cases/" + std::to_string(id) + "?renamed=1");
}

void CaseDetailRoutes::message(sdk::Request& request, sdk::Response& response)
{
    const CaseCaller caller = CaseCaller::of(request);
    const CaseRecord record = _pages.service().load(caller, caseIdParam(request));
    if (record.isDraft())
        throw CaseRefusal(409, "cases.error.draftChat");
    std::string body;
    bool hasBody = false;
    std::vector<FileIntake::Received> attachments;
    request.parts([&](const sdk::Part& part, std::istream& in) {
        if (part.fileName.empty()) {
            if (part.name == "body") {
                // One text part, read no further than a message can be long.
                if (hasBody)
                    throw CaseRefusal(400, "cases.error.messageParts");
                hasBody = true;
                body = readTextPart(in, maxMessageBytes, "cases.error.messageTooLong");
            }
            return;
        }
        if (part.name == "attachment") {
            if (attachments.size() >= _intake.maxFilesPerRequest())
                throw CaseRefusal(413, "cases.file.error.tooManyInRequest");
            attachments.push_back(_intake.receive(record, "message", part.fileName, in));
        }
    });
    if (countCharacters(body) > maxMessageCharacters)
        throw CaseRefusal(413, "cases.error.messageTooLong");
    const auto begin = body.find_first_not_of(" \t\r\n");
    if (begin == std::string::npos)
        throw CaseRefusal(400, "cases.error.emptyMessage");
    _intake.store(attachments, [&](std::vector<CaseFile> files) {
        _pages.service().addMessage(caller, record.id, body.substr(begin), std::move(files));
    });
    response.redirect("/cases/" + std::to_string(record.id) + "#chat");
}

} // namespace molar::cases
