#include "web/WizardRoutes.h"

#include "web/PrivacyRoutes.h"
#include "web/RequestParams.h"

#include "chart/Shades.h"
#include "chart/ToothChart.h"
#include "molar/sdk/Errors.h"

#include <algorithm>
#include <cctype>

namespace molar::cases {
namespace {

std::string trimmed(const std::string& text)
{
    const auto begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string::npos)
        return "";
    return text.substr(begin, text.find_last_not_of(" \t\r\n") - begin + 1);
}

// Patient references are internal IDs ("P-001", a record number), not names.
bool isPatientRef(const std::string& text)
{
    if (text.empty() || text.size() > 64)
        return false;
    return std::all_of(text.begin(), text.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '/' || c == ' ' || c == '#';
    });
}

std::size_t codePoints(const std::string& text)
{
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](unsigned char c) { return (c & 0xC0) != 0x80; }));
}

} // namespace

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

std::vector<std::string> WizardRoutes::steps(const Catalog& catalog, const CaseRecord& record)
{
    std::vector<std::string> out{"details", "product"};
    const Product* product = catalog.product(record.product);
    if (!product || product->chart != "none")
        out.push_back("teeth");
    if (!product || product->shade)
        out.push_back("shade");
    if (!product || !product->fields.empty())
        out.push_back("fields");
    out.push_back("files");
    out.push_back("confirm");
    return out;
}

std::string WizardRoutes::nextStep(const CaseRecord& record, const std::string& step) const
{
    const auto all = steps(_pages.service().catalog(), record);
    auto it = std::find(all.begin(), all.end(), step);
    if (it == all.end() || it + 1 == all.end())
        return "";
    return *(it + 1);
}

void WizardRoutes::newCase(sdk::Request& request, sdk::Response& response)
{
    CaseRecord blank;
    blank.organizationId = request.principal()->organizationId;
    renderStep(request, response, blank, "details", sdk::Value::object(), sdk::Value::object());
}

void WizardRoutes::createCase(sdk::Request& request, sdk::Response& response)
{
    CaseRecord draft;
    draft.organizationId = request.principal()->organizationId;
    sdk::Value errors = readDetails(request, draft);
    if (errors.size()) {
        response.setStatus(400);
        renderStep(request, response, draft, "details", errors,
                   sdk::Value::object({{"patientRef", request.form("patientRef")},
                                       {"patientName", request.form("patientName")}}));
        return;
    }
    const std::int64_t id = _pages.service().createDraft(CaseCaller::of(request), draft);
    response.redirect("/cases/" + std::to_string(id) + "/edit/product");
}

void WizardRoutes::showStep(sdk::Request& request, sdk::Response& response)
{
    const CaseRecord record = _pages.service().load(CaseCaller::of(request), caseIdParam(request));
    if (!record.isDraft())
        throw CaseRefusal(409, "cases.error.notDraft");
    const std::string step = request.param("step");
    const auto all = steps(_pages.service().catalog(), record);
    if (std::find(all.begin(), all.end(), step) == all.end())
        throw CaseRefusal(404, "cases.error.noSuchStep");
    renderStep(request, response, record, step, sdk::Value::object(), sdk::Value::object());
}

void WizardRoutes::saveStep(sdk::Request& request, sdk::Response& response)
{
    const CaseCaller caller = CaseCaller::of(request);
    CaseRecord record = _pages.service().load(caller, caseIdParam(request));
    if (!record.isDraft())
        throw CaseRefusal(409, "cases.error.notDraft");
    const std::string step = request.param("step");
    const auto all = steps(_pages.service().catalog(), record);
    if (std::find(all.begin(), all.end(), step) == all.end())
        throw CaseRefusal(404, "cases.error.noSuchStep");
    sdk::Value errors = readStep(request, record, step);
    if (errors.size()) {
        response.setStatus(400);
        renderStep(request, response, record, step, errors, sdk::Value::object());
        return;
    }
    _pages.service().saveDraft(caller, record);
    const std::string base = "/cases/" + std::to_string(record.id);
    if (step == "confirm") {
        response.redirect(base + "?created=1");
        return;
    }
    if (step == "teeth" && request.form("renumber") == "1") {
        response.redirect(base + "/edit/teeth");
        return;
    }
    const std::string next = nextStep(record, step);
    response.redirect(next.empty() ? base : base + "/edit/" + next);
}

sdk::Value WizardRoutes::readDetails(sdk::Request& request, CaseRecord& record)
{
    sdk::Value errors = sdk::Value::object();
    const std::string patientRef = trimmed(request.form("patientRef"));
    if (!isPatientRef(patientRef))
        errors.set("patientRef", _pages.t(request, "cases.error.patientRef"));
    record.patientRef = patientRef;
    if (_pages.service().settings().patientNames) {
        const std::string name = trimmed(request.form("patientName"));
        if (codePoints(name) > 200)
            errors.set("patientName", _pages.t(request, "cases.error.tooLong"));
        record.patientName = name;
    }
    const auto clinics = _host.accounts().clinics(record.organizationId);
    if (clinics.size() == 1) {
        record.clinicId = clinics.front().id;
    } else if (clinics.size() > 1) {
        const std::string chosen = request.form("clinic");
        auto it = std::find_if(clinics.begin(), clinics.end(),
                               [&](const sdk::ClinicInfo& c) { return std::to_string(c.id) == chosen; });
        if (it == clinics.end())
            errors.set("clinic", _pages.t(request, "cases.error.clinic"));
        else
            record.clinicId = it->id;
    }
    return errors;
}

sdk::Value WizardRoutes::readStep(sdk::Request& request, CaseRecord& record, const std::string& step)
{
    const Catalog& catalog = _pages.service().catalog();
    sdk::Value errors = sdk::Value::object();
    if (step == "details")
        return readDetails(request, record);
    if (step == "product") {
        const Product* product = catalog.product(request.form("product"));
        if (!product) {
            errors.set("product", _pages.t(request, "cases.error.product"));
            return errors;
        }
        if (product->code != record.product) {
            // Another product: what the previous one needed no longer applies.
            record.fields.clear();
            if (product->chart != "arches")
                record.arches.clear();
            if (!product->shade)
                record.shade.clear(), record.shadeGuide.clear();
        }
        record.product = product->code;
        record.workflow = product->workflow;
        return errors;
    }
    const Product* product = catalog.product(record.product);
    if (!product)
        throw CaseRefusal(409, "cases.missing.product");
    if (step == "teeth") {
        const std::string numbering = request.form("numbering");
        if (numbering == "fdi" || numbering == "universal")
            record.numbering = numbering;
        ToothSelection selection;
        for (int fdi : permanentChartOrder()) {
            const std::string state = request.form("tooth-" + std::to_string(fdi));
            if (state.empty() || state == "none")
                continue;
            if (!isToothState(state))
                errors.set("tooth-" + std::to_string(fdi), _pages.t(request, "cases.error.toothState"));
            else
                selection[fdi] = state;
        }
        record.teeth = encodeSelection(selection);
        if (product->chart == "arches") {
            const std::string arches = request.form("arches");
            if (!isArch(arches))
                errors.set("arches", _pages.t(request, "cases.error.arches"));
            record.arches = arches;
        }
        return errors;
    }
    if (step == "shade") {
        const std::string value = request.form("shade");
        const auto colon = value.find(':');
        ShadeGuide guide;
        if (colon == std::string::npos || !parseShadeGuide(value.substr(0, colon), guide) ||
            !isShade(guide, value.substr(colon + 1))) {
            errors.set("shade", _pages.t(request, "cases.error.shade"));
            return errors;
        }
        record.shadeGuide = shadeGuideName(guide);
        record.shade = value.substr(colon + 1);
        return errors;
    }
    if (step == "fields") {
        std::map<std::string, std::string> values;
        for (const auto& name : product->fields) {
            const ProductField* field = catalog.field(name);
            std::string value = trimmed(request.form("field-" + name));
            if (field && field->type == "boolean")
                value = value.empty() ? "false" : "true";
            values[name] = value;
        }
        record.fields = values;
        for (const auto& [name, key] : catalog.validate(*product, values))
            errors.set("field-" + name, _pages.t(request, key));
        return errors;
    }
    if (step == "confirm") {
        if (request.form("truthful") != "yes")
            errors.set("truthful", _pages.t(request, "cases.error.truthful"));
        if (request.form("privacy") != "yes")
            errors.set("privacy", _pages.t(request, "cases.error.privacy"));
        record.confirmed = errors.size() == 0;
        return errors;
    }
    return errors; // files: uploads have their own route
}

void WizardRoutes::renderStep(sdk::Request& request, sdk::Response& response, const CaseRecord& record,
                              const std::string& step, const sdk::Value& errors, const sdk::Value& values)
{
    sdk::Value data = stepData(request, record, step, values);
    // Product fields carry their own message, shown beside them.
    if (data.has("fields"))
        for (auto& field : data["fields"].asArray())
            field.set("error", errors.getString(field.getString("name")));
    data.set("errors", errors);
    data.set("hasErrors", errors.size() > 0);
    data.set("csrf", request.csrfToken());
    _pages.page(request, response, "wizard-" + step, "cases.wizard.title", data);
}

sdk::Value WizardRoutes::stepData(sdk::Request& request, const CaseRecord& record, const std::string& step,
                                  const sdk::Value& values)
{
    const Catalog& catalog = _pages.service().catalog();
    const std::string base = record.id ? "/cases/" + std::to_string(record.id) : std::string();
    sdk::Value data = sdk::Value::object({{"id", record.id},
                                          {"action", record.id ? base + "/edit/" + step : "/cases/new"},
                                          {"caseHref", base}});
    // The progress list: every step, the current one marked.
    sdk::Value progress = sdk::Value::array();
    const auto all = steps(catalog, record);
    for (std::size_t i = 0; i < all.size(); ++i) {
        const bool reachable = record.id && (all[i] != "files" || !record.product.empty());
        progress.push(sdk::Value::object({{"label", _pages.t(request, "cases.step." + all[i])},
                                          {"number", static_cast<int>(i + 1)},
                                          {"current", all[i] == step},
                                          {"href", reachable ? base + "/edit/" + all[i] : std::string()}}));
    }
    data.set("steps", progress);
    const std::string previous = [&] {
        auto it = std::find(all.begin(), all.end(), step);
        return it == all.begin() || it == all.end() ? std::string() : *(it - 1);
    }();
    data.set("backHref", previous.empty() || !record.id ? std::string() : base + "/edit/" + previous);
    if (step == "confirm")
        data.set("privacyHref", PrivacyRoutes::policyHref(_pages.service().settings()));

    if (step == "details") {
        data.set("patientRef", values.has("patientRef") ? values.getString("patientRef") : record.patientRef);
        data.set("askPatientName", _pages.service().settings().patientNames);
        data.set("patientName",
                 values.has("patientName") ? values.getString("patientName") : record.patientName);
        const auto clinics = _host.accounts().clinics(request.principal()->organizationId);
        sdk::Value options = sdk::Value::array();
        for (const auto& c : clinics)
            options.push(
                sdk::Value::object({{"id", c.id}, {"name", c.name}, {"selected", c.id == record.clinicId}}));
        data.set("clinics", options);
        data.set("chooseClinic", clinics.size() > 1);
    } else if (step == "product") {
        sdk::Value families = sdk::Value::array();
        std::vector<std::string> order;
        for (const auto& p : catalog.products())
            if (std::find(order.begin(), order.end(), p.family) == order.end())
                order.push_back(p.family);
        for (const auto& family : order) {
            sdk::Value items = sdk::Value::array();
            for (const auto& p : catalog.products())
                if (p.family == family)
                    items.push(sdk::Value::object({{"code", p.code},
                                                   {"name", p.name},
                                                   {"slaHours", p.slaHours},
                                                   {"checked", p.code == record.product}}));
            families.push(sdk::Value::object(
                {{"label", _pages.label(request, "cases.family.", family)}, {"products", items}}));
        }
        data.set("families", families);
    } else if (step == "teeth") {
        const Product* product = catalog.product(record.product);
        const std::string numbering =
            request.query("numbering") == "universal" || request.query("numbering") == "fdi"
                ? request.query("numbering")
                : record.numbering;
        const Numbering scheme = numbering == "universal" ? Numbering::Universal : Numbering::FDI;
        ToothSelection selection;
        try {
            selection = decodeSelection(record.teeth);
        } catch (const std::invalid_argument&) {
        }
        sdk::Value upper = sdk::Value::array(), lower = sdk::Value::array();
        for (int fdi : permanentChartOrder()) {
            sdk::Value states = sdk::Value::array();
            const std::string current = selection.count(fdi) ? selection[fdi] : "none";
            states.push(sdk::Value::object({{"value", "none"},
                                            {"label", _pages.t(request, "cases.tooth.none")},
                                            {"selected", current == "none"}}));
            for (const auto& s : toothStates())
                states.push(sdk::Value::object({{"value", s},
                                                {"label", _pages.t(request, "cases.tooth." + s)},
                                                {"selected", current == s}}));
            sdk::Value tooth = sdk::Value::object({{"fdi", fdi},
                                                   {"label", toothLabel(fdi, scheme)},
                                                   {"marked", current != "none"},
                                                   {"states", states}});
            (fdi < 30 ? upper : lower).push(tooth);
        }
        data.set("upper", upper);
        data.set("lower", lower);
        data.set("universal", scheme == Numbering::Universal);
        data.set("numbering", numbering);
        data.set("arches", product && product->chart == "arches");
        for (const char* arch : {"upper", "lower", "both"})
            data.set(std::string("arch_") + arch, record.arches == arch);
    } else if (step == "shade") {
        sdk::Value guides = sdk::Value::array();
        for (ShadeGuide guide : {ShadeGuide::Classical, ShadeGuide::ThreeDMaster}) {
            sdk::Value options = sdk::Value::array();
            for (const auto& s : shades(guide))
                options.push(sdk::Value::object(
                    {{"value", shadeGuideName(guide) + ":" + s},
                     {"label", s},
                     {"selected", record.shadeGuide == shadeGuideName(guide) && record.shade == s}}));
            guides.push(sdk::Value::object(
                {{"label", _pages.t(request, "cases.shade." + shadeGuideName(guide))}, {"shades", options}}));
        }
        data.set("guides", guides);
    } else if (step == "fields") {
        const Product* product = catalog.product(record.product);
        sdk::Value fields = sdk::Value::array();
        for (const auto& name : product ? product->fields : std::vector<std::string>{}) {
            const ProductField* field = catalog.field(name);
            if (!field)
                continue;
            const std::string value = record.fields.count(name) ? record.fields.at(name) : std::string();
            sdk::Value options = sdk::Value::array();
            for (const auto& o : field->options)
                options.push(sdk::Value::object({{"value", o},
                                                 {"label", _pages.label(request, "cases.option.", o)},
                                                 {"checked", o == value}}));
            fields.push(sdk::Value::object({{"name", "field-" + name},
                                            {"label", field->label},
                                            {"required", field->required},
                                            {"isChoice", field->type == "choice"},
                                            {"isText", field->type == "text"},
                                            {"isNumber", field->type == "number"},
                                            {"isBoolean", field->type == "boolean"},
                                            {"value", value},
                                            {"checked", value == "true"},
                                            {"min", field->min},
                                            {"max", field->max},
                                            {"options", options}}));
        }
        data.set("fields", fields);
    } else if (step == "files") {
        sdk::Value files = sdk::Value::array();
        for (const auto& f : CaseStore::files(_host.database(), record.id))
            files.push(sdk::Value::object({{"name", f.originalName},
                                           {"slotLabel", _pages.t(request, "cases.slot." + f.slot)},
                                           {"format", f.format},
                                           {"size", f.size}}));
        data.set("files", files);
        data.set("uploadAction", base + "/files?return=wizard");
        data.set("nextHref", base + "/edit/confirm");
        data.set("uploadError", _pages.uploadError(request));
        const Product* product = catalog.product(record.product);
        data.set("aligner", product && product->chart == "arches");
    }
    // Values the steps share: what the case is so far.
    data.set("productName", _pages.productName(record.product));
    data.set("patientRefShown", record.patientRef);
    return data;
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
    sdk::Value missing = sdk::Value::array();
    for (const auto& key : _pages.service().missingForSubmission(record))
        missing.push(sdk::Value::object({{"text", _pages.t(request, key)}}));
    std::string why;
    const bool active = _host.accounts().isActivated(record.organizationId, why);
    _pages.page(request, response, "confirm-submit", "cases.submit.title",
                sdk::Value::object({{"id", record.id},
                                    {"patientRef", record.patientRef},
                                    {"product", _pages.productName(record.product)},
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
    _pages.service().submit(CaseCaller::of(request), id);
    response.redirect("/cases/" + std::to_string(id) + "?submitted=1");
}

} // namespace molar::cases
