#include "web/WizardRoutes.h"

#include "web/RequestParams.h"
#include "web/RequestWords.h"

namespace molar::cases {
namespace {

StepInput stepInput(sdk::Request& request, const Words& words)
{
    return StepInput{[&request](const std::string& name) { return request.form(name); },
                     [&request](const std::string& name) { return request.query(name); }, words};
}

// The steps' messages in the viewer's language, by field.
sdk::Value translated(const StepErrors& errors, const Words& words)
{
    sdk::Value out = sdk::Value::object();
    for (const auto& [field, key] : errors)
        out.set(field, words.t(key));
    return out;
}

} // namespace

std::string WizardRoutes::slotLabels(const sdk::Request& request, const std::vector<std::string>& slots) const
{
    std::string text;
    for (const auto& slot : slots)
        text += (text.empty() ? "" : ", ") + _pages.t(request, "cases.slot." + slot);
    return text;
}

WizardRoutes::WizardRoutes(sdk::Host& host, PageSupport& pages)
    : _host(host), _pages(pages),
      _steps(
          pages.service().catalog(), pages.service().settings(),
          [&host](std::int64_t organizationId) { return host.accounts().clinics(organizationId); },
          [&host](std::int64_t caseId) { return CaseStore::files(host.database(), caseId); },
          [&pages] {
              const CaseService& service = pages.service();
              return formatMinuteInZone(service.now(), service.calendar().hours().timeZone).substr(0, 10);
          })
{
}

void WizardRoutes::registerRoutes(sdk::Routes& routes)
{
    using sdk::Access;
    auto bind = [this](void (WizardRoutes::*method)(sdk::Request&, sdk::Response&)) {
        return [this, method](sdk::Request& request, sdk::Response& response) {
            _pages.guarded(request, [&] { (this->*method)(request, response); });
        };
    };
    routes.add("GET", "/cases/new", Access::Clinic, bind(&WizardRoutes::newCase));
    routes.add("POST", "/cases/new", Access::Clinic, bind(&WizardRoutes::createCase));
    routes.add("GET", "/cases/{id}/edit/{step}", Access::Clinic, bind(&WizardRoutes::showStep));
    routes.add("POST", "/cases/{id}/edit/{step}", Access::Clinic, bind(&WizardRoutes::saveStep));
    routes.add("GET", "/cases/{id}/delete", Access::Clinic, bind(&WizardRoutes::confirmDelete));
    routes.add("POST", "/cases/{id}/delete", Access::Clinic, bind(&WizardRoutes::deleteDraft));
    routes.add("GET", "/cases/{id}/submit", Access::Clinic, bind(&WizardRoutes::confirmSubmit));
    routes.add("POST", "/cases/{id}/submit", Access::Clinic, bind(&WizardRoutes::submit));
}

void WizardRoutes::newCase(sdk::Request& request, sdk::Response& response)
{
    CaseRecord blank;
    blank.organizationId = request.principal()->organizationId;
    renderStep(request, response, blank, "details", {}, sdk::Value::object());
}

void WizardRoutes::createCase(sdk::Request& request, sdk::Response& response)
{
    CaseRecord draft;
    draft.organizationId = request.principal()->organizationId;
    const RequestWords words(_pages, request);
    const StepErrors errors = _steps.read("details", stepInput(request, words), draft);
    if (!errors.empty()) {
        response.setStatus(400);
        renderStep(request, response, draft, "details", errors,
                   sdk::Value::object({{"patientRef", request.form("patientRef")},
                                       {"patientName", request.form("patientName")}}));
        return;
    }
    const std::int64_t id = _pages.service().createDraft(CaseCaller::of(request), draft);
    response.redirect("/cases/" + std::to_string(id) + "/edit/product");
}

CaseRecord WizardRoutes::loadDraft(sdk::Request& request, const std::string& step)
{
    CaseRecord record = _pages.service().load(CaseCaller::of(request), caseIdParam(request));
    if (!record.isDraft())
        throw CaseRefusal(409, "cases.error.notDraft");
    if (!_steps.has(record, step))
        throw CaseRefusal(404, "cases.error.noSuchStep");
    return record;
}

void WizardRoutes::showStep(sdk::Request& request, sdk::Response& response)
{
    const std::string step = request.param("step");
    const CaseRecord record = loadDraft(request, step);
    renderStep(request, response, record, step, {}, sdk::Value::object());
}

void WizardRoutes::saveStep(sdk::Request& request, sdk::Response& response)
{
    const std::string step = request.param("step");
    CaseRecord record = loadDraft(request, step);
    const RequestWords words(_pages, request);
    const StepErrors errors = _steps.read(step, stepInput(request, words), record);
    if (!errors.empty()) {
        response.setStatus(400);
        renderStep(request, response, record, step, errors, sdk::Value::object());
        return;
    }
    _pages.service().saveDraft(CaseCaller::of(request), record);
    const std::string base = "/cases/" + std::to_string(record.id);
    if (step == "confirm") {
        response.redirect(base + "?created=1");
        return;
    }
    if (step == "teeth" && request.form("renumber") == "1") {
        response.redirect(base + "/edit/teeth");
        return;
    }
    const std::string next = _steps.next(record, step);
    response.redirect(next.empty() ? base : base + "/edit/" + next);
}

void WizardRoutes::renderStep(sdk::Request& request, sdk::Response& response, const CaseRecord& record,
                              const std::string& step, const StepErrors& stepErrors, const sdk::Value& typed)
{
    const RequestWords words(_pages, request);
    sdk::Value data = _steps.view(step, stepInput(request, words), record, typed);
    const sdk::Value errors = translated(stepErrors, words);
    // Product fields carry their own message, shown beside them.
    if (data.has("fields"))
        for (auto& field : data["fields"].asArray())
            field.set("error", errors.getString(field.getString("name")));
    data.set("errors", errors);
    data.set("hasErrors", errors.size() > 0);
    data.set("csrf", request.csrfToken());
    _pages.page(request, response, "wizard-" + step, "cases.wizard.title", data);
}

void WizardRoutes::confirmDelete(sdk::Request& request, sdk::Response& response)
{
    const CaseRecord record = _pages.service().load(CaseCaller::of(request), caseIdParam(request));
    if (!record.isDraft())
        throw CaseRefusal(409, "cases.error.notDraft");
    _pages.page(request, response, "confirm-delete", "cases.delete.title",
                sdk::Value::object({{"id", record.id},
                                    {"patientRef", record.patientRef},
                                    {"caseHref", "/cases/" + std::to_string(record.id)},
                                    {"csrf", request.csrfToken()}}));
}

void WizardRoutes::deleteDraft(sdk::Request& request, sdk::Response& response)
{
    const CaseCaller caller = CaseCaller::of(request);
    const CaseRecord record = _pages.service().load(caller, caseIdParam(request));
    _pages.service().deleteDraft(caller, record);
    response.redirect("/cases?deleted=1");
}

void WizardRoutes::confirmSubmit(sdk::Request& request, sdk::Response& response)
{
    const CaseRecord record = _pages.service().load(CaseCaller::of(request), caseIdParam(request));
    if (!record.isDraft())
        throw CaseRefusal(409, "cases.error.notDraft");
    const auto files = CaseStore::files(_host.database(), record.id);
    sdk::Value missing = sdk::Value::array();
    for (const auto& key : _pages.service().missingForSubmission(record, files)) {
        std::string text = _pages.t(request, key);
        // The files item names the slots still empty: "Upper scan, Lower scan".
        if (key == "cases.missing.files")
            text += " " + slotLabels(request, _pages.service().missingFiles(record, files));
        missing.push(sdk::Value::object({{"text", text}}));
    }
    std::string why;
    const bool active = _host.accounts().isActivated(record.organizationId, why);
    _pages.page(request, response, "confirm-submit", "cases.submit.title",
                sdk::Value::object({{"id", record.id},
                                    {"patientRef", record.patientRef},
                                    {"product", _pages.productName(request, record.product)},
                                    {"caseHref", "/cases/" + std::to_string(record.id)},
                                    {"missing", missing},
                                    {"ready", missing.size() == 0 && active},
                                    {"notActivated", !active},
                                    {"why", why},
                                    {"csrf", request.csrfToken()}}));
}

void WizardRoutes::submit(sdk::Request& request, sdk::Response& response)
{
    const std::int64_t id = caseIdParam(request);
    const CaseCaller caller = CaseCaller::of(request);
    try {
        _pages.service().submit(caller, id);
    } catch (const CaseRefusal& refusal) {
        if (refusal.key() != "cases.error.filesMissing")
            throw;
        // The service names the slots by code; the clinic reads them in its language.
        const CaseRecord record = _pages.service().load(caller, id);
        const auto slots = _pages.service().missingFiles(record, CaseStore::files(_host.database(), id));
        throw CaseRefusal(refusal.status(), refusal.key(), slotLabels(request, slots));
    }
    response.redirect("/cases/" + std::to_string(id) + "?submitted=1");
}

} // namespace molar::cases
