#include "web/OrderRoutes.h"

#include "rules/PlanFiles.h"
#include "store/AlignerCaseStore.h"
#include "web/OrderScansReceiver.h"
#include "web/UploadParts.h"

#include "molar/sdk/Errors.h"
#include "molar/sdk/Files.h"
#include "molar/tokens/UrlToken.h"

#include <istream>

namespace molar::aligners {

namespace {

constexpr const char* kKinds[] = {"replacement", "retainer", "refinement", "phase", "remake"};

std::string stepWords(const Viewer& viewer, const std::string& steps)
{
    std::string out = steps;
    for (auto at = out.find(','); at != std::string::npos; at = out.find(',', at + 2))
        out.replace(at, 1, ", ");
    return out.empty() ? viewer.t("aligners.plan.none") : out;
}

std::string engagerWords(const Viewer& viewer, const std::string& engagers)
{
    if (engagers.empty())
        return viewer.t("aligners.plan.none");
    std::string out;
    std::string item;
    for (char c : engagers + ",") {
        if (c != ',') {
            item += c;
            continue;
        }
        if (item.size() >= 2)
            out += (out.empty() ? "" : ", ") +
                   viewer.t(item[0] == 'U' ? "aligners.file.upperStep" : "aligners.file.lowerStep",
                            {{"step", item.substr(1)}});
        item.clear();
    }
    return out;
}

} // namespace

void OrderRoutes::registerRoutes(sdk::Routes& routes)
{
    auto bind = [self = shared_from_this()](void (OrderRoutes::*handler)(sdk::Request&, sdk::Response&)) {
        return [self, handler](sdk::Request& request, sdk::Response& response) {
            (*self.*handler)(request, response);
        };
    };
    sdk::RouteOptions upload;
    upload.maxBodyBytes = 6 * static_cast<std::size_t>(kMaxPlanFileBytes) + 64 * 1024;
    routes.add("GET", "/aligners/cases/{caseId}/orders", sdk::Access::SignedIn, bind(&OrderRoutes::list));
    routes.add("GET", "/aligners/cases/{caseId}/orders/new", sdk::Access::Clinic, bind(&OrderRoutes::form));
    routes.add("POST", "/aligners/cases/{caseId}/orders", sdk::Access::Clinic, bind(&OrderRoutes::place),
               upload);
    routes.add("GET", "/aligners/order-scans/{fileId}", sdk::Access::SignedIn, bind(&OrderRoutes::scan));
}

void OrderRoutes::list(sdk::Request& request, sdk::Response& response)
{
    const Viewer viewer(_host, request);
    AlignerCase c;
    try {
        c = _plans.readableCase(viewer.caller(), idFromPath(request.param("caseId")));
    } catch (const PlanRefusal& refusal) {
        failInWords(viewer, refusal);
    }
    sdk::Value orders = sdk::Value::array();
    for (const auto& order : _orders.ordersOf(c.caseId)) {
        const auto made = AlignerCaseStore::find(_host.database(), order.caseId);
        const auto parent = AlignerCaseStore::find(_host.database(), order.parentCaseId);
        sdk::Value scans = sdk::Value::array();
        for (const auto& file : OrderStore::files(_host.database(), order.caseId))
            scans.push(sdk::Value::object({{"name", file.name},
                                           {"slot", viewer.t("aligners.order.slot." + file.slot)},
                                           {"href", "/aligners/order-scans/" + std::to_string(file.id)}}));
        const std::string charge = order.included          ? viewer.t("aligners.order.included")
                                   : order.chargeMinor > 0 ? viewer.money(order.chargeMinor, order.currency)
                                   : order.kind == "replacement" || order.kind == "remake"
                                       ? viewer.t("aligners.order.noCharge")
                                       : viewer.t("aligners.order.billed");
        sdk::Value row = sdk::Value::object(
            {{"kind", viewer.t("aligners.order.kind." + order.kind)},
             {"number", made ? made->number : ""},
             {"href", "/cases/" + std::to_string(order.caseId)},
             {"status", made ? viewer.t("cases.status." + made->status) : ""},
             {"orderedOn", parent ? parent->number : ""},
             {"ordered", viewer.t("aligners.order.orderedBy", {{"name", order.orderedByName},
                                                               {"at", viewer.dayAndTime(order.orderedAt)}})},
             {"note", order.note},
             {"charge", charge},
             {"scans", scans},
             {"hasScans", scans.size() > 0}});
        if (order.kind == "replacement") {
            row.set("upperSteps", stepWords(viewer, order.upperSteps));
            row.set("lowerSteps", stepWords(viewer, order.lowerSteps));
            row.set("engagers", engagerWords(viewer, order.engagerTemplates));
            if (!order.engagersLeftOut.empty())
                row.set("engagersLeftOut", engagerWords(viewer, order.engagersLeftOut));
            row.set("isReplacement", true);
        }
        if (order.groupCaseId != 0) {
            std::string together;
            for (std::int64_t sibling : OrderStore::group(_host.database(), order.caseId)) {
                const auto other = AlignerCaseStore::find(_host.database(), sibling);
                if (sibling != order.caseId && other)
                    together += (together.empty() ? "" : ", ") + other->number;
            }
            row.set("together", viewer.t("aligners.order.sentTogether", {{"numbers", together}}));
        }
        if (order.kind == "retainer")
            row.set("retainer", viewer.t("aligners.order.retainer." + order.retainerType,
                                         {{"range", order.retainerRange},
                                          {"arches", viewer.t("aligners.order.arches." + order.arches)}}));
        orders.push(row);
    }
    const bool mayOrder = viewer.caller().decides(c) && !c.planType.empty() && c.status != "cancelled";
    sdk::Value kinds = sdk::Value::array();
    if (mayOrder)
        for (const char* kind : kKinds)
            kinds.push(sdk::Value::object({{"href", c.path() + "/orders/new?kind=" + kind},
                                           {"label", viewer.t(std::string("aligners.order.new.") + kind)}}));
    sdk::Value data = sdk::Value::object({{"number", c.number},
                                          {"caseHref", "/cases/" + std::to_string(c.caseId)},
                                          {"planHref", c.path()},
                                          {"orders", orders},
                                          {"hasOrders", orders.size() > 0},
                                          {"kinds", kinds},
                                          {"mayOrder", mayOrder},
                                          {"noPlanYet", c.planType.empty()}});
    _host.views().page(request, response, "aligners/orders", "aligners.order.title", data);
}

void OrderRoutes::form(sdk::Request& request, sdk::Response& response)
{
    const Viewer viewer(_host, request);
    try {
        const AlignerCase c = _plans.readableCase(viewer.caller(), idFromPath(request.param("caseId")));
        if (!viewer.caller().decides(c))
            throw PlanRefusal(403, "aligners.order.error.clinicOrders");
        if (c.planType.empty())
            throw PlanRefusal(409, "aligners.order.error.noAcceptedPlan");
        OrderFormInput typed;
        typed.kind = request.query("kind");
        if (!orderKindNamed(typed.kind))
            throw PlanRefusal(404, "aligners.order.error.kind");
        renderForm(request, response, viewer, c, typed, {});
    } catch (const PlanRefusal& refusal) {
        failInWords(viewer, refusal);
    }
}

void OrderRoutes::renderForm(sdk::Request& request, sdk::Response& response, const Viewer& viewer,
                             const AlignerCase& c, const OrderFormInput& typed, const OrderErrors& errors)
{
    const std::string kind = typed.kind;
    // A new key for a new form; the same one again when the form comes back with errors.
    const std::string formKey = typed.formKey.empty() ? tokens::newUrlToken() : typed.formKey;
    sdk::Value data =
        sdk::Value::object({{"number", c.number},
                            {"formKey", formKey},
                            {"ordersHref", c.path() + "/orders"},
                            {"action", c.path() + "/orders"},
                            {"kind", kind},
                            {"heading", viewer.t("aligners.order.new." + kind)},
                            {"note", typed.note},
                            {"noteLabel", viewer.t(kind == "remake" ? "aligners.order.remakeWhy"
                                                                    : "aligners.order.instructions")},
                            {"upperSteps", typed.upperSteps},
                            {"lowerSteps", typed.lowerSteps},
                            {"isReplacement", kind == "replacement"},
                            {"isRetainer", kind == "retainer"},
                            {"scansRequired", kind == "refinement"},
                            {"scansOffered", kind != "replacement"}});
    for (const char* arches : {"upper", "lower", "both"})
        data.set(std::string("arches_") + arches, typed.arches == arches);
    data.set("type_fixed", typed.retainerType == "fixed_lingual");
    data.set("type_removable", typed.retainerType == "removable");
    for (const char* phases : {"1", "2", "3"})
        data.set(std::string("phases_") + phases, typed.phases == phases);
    for (const char* range : {"2-2", "3-3", "4-4"})
        data.set(std::string("range_") + range[0], typed.retainerRange == range);
    if (kind == "replacement") {
        const PlanType* type = _plans.settings().plans.find(c.planType);
        const auto& plans = _plans.settings().plans;
        std::string rule;
        if (type && !type->replacementsCharged)
            rule = viewer.t("aligners.order.replacementFree",
                            {{"days", std::to_string(type->replacementIntervalDays)}});
        else
            rule = viewer.t("aligners.order.replacementCharged",
                            {{"price", viewer.money(plans.replacementAlignerPriceMinor, plans.currency)}});
        data.set("replacementRule", rule);
        data.set("maxSteps", viewer.t("aligners.order.maxSteps",
                                      {{"steps", std::to_string(plans.maxReplacementStepsPerArch)}}));
    }
    if (kind == "refinement" || kind == "retainer")
        data.set("inclusion", viewer.t(_orders.nextIncluded(c) ? "aligners.order.willBeIncluded"
                                                               : "aligners.order.willBeBilled"));
    for (const auto& [field, key] : errors) {
        if (field == "allowedFrom")
            continue;
        std::string words = viewer.t(key);
        if (key == "aligners.replacement.error.tooSoon" && errors.count("allowedFrom"))
            words = viewer.t(key, {{"day", viewer.day(std::stoll(errors.at("allowedFrom")))}});
        data.set(field + "Error", words);
    }
    if (!errors.empty())
        data.set("hasErrors", true);
    _host.views().page(request, response, "aligners/order-form", "aligners.order.formTitle", data);
}

void OrderRoutes::place(sdk::Request& request, sdk::Response& response)
{
    const Viewer viewer(_host, request);
    AlignerCase c;
    try {
        c = _plans.readableCase(viewer.caller(), idFromPath(request.param("caseId")));
    } catch (const PlanRefusal& refusal) {
        response.setHeader("Connection", "close"); // the body is left unread
        failInWords(viewer, refusal);
    }
    OrderFormInput typed;
    OrderScansReceiver scans(_host, c.caseId);
    std::int64_t placed = 0;
    try {
        request.parts([&](const sdk::Part& part, std::istream& in) {
            if (!part.fileName.empty() || part.name == "upperScan" || part.name == "lowerScan" ||
                part.name == "biteScan") {
                scans.receive(part.name, part.fileName, in);
                return;
            }
            const std::string value = readTextPart(in);
            if (part.name == "kind")
                typed.kind = value;
            else if (part.name == "note")
                typed.note = value;
            else if (part.name == "arches")
                typed.arches = value;
            else if (part.name == "retainerType")
                typed.retainerType = value;
            else if (part.name == "retainerRange")
                typed.retainerRange = value;
            else if (part.name == "upperSteps")
                typed.upperSteps = value;
            else if (part.name == "lowerSteps")
                typed.lowerSteps = value;
            else if (part.name == "phases")
                typed.phases = value;
            else if (part.name == "formKey" && value.size() <= 64)
                typed.formKey = value;
        });
        typed.scans = scans.counts();
        OrderErrors errors;
        placed = _orders.place(viewer.caller(), c.caseId, typed, scans.files(), errors);
        if (!errors.empty()) {
            scans.discard();
            if (errors.count("kind"))
                throw PlanRefusal(404, "aligners.order.error.kind");
            response.setStatus(400);
            renderForm(request, response, viewer, c, typed, errors);
            return;
        }
    } catch (const PlanRefusal& refusal) {
        scans.discard();
        response.setHeader("Connection", "close");
        if ((refusal.status() == 400 || refusal.status() == 413) && orderKindNamed(typed.kind)) {
            response.setStatus(refusal.status());
            renderForm(request, response, viewer, c, typed, {{"scans", refusal.key()}});
            return;
        }
        failInWords(viewer, refusal);
    } catch (...) {
        scans.discard();
        throw;
    }
    response.redirect(c.path() + "/orders#order-" + std::to_string(placed));
}

void OrderRoutes::scan(sdk::Request& request, sdk::Response& response)
{
    const Viewer viewer(_host, request);
    const auto file = OrderStore::file(_host.database(), idFromPath(request.param("fileId")));
    try {
        if (!file)
            throw PlanRefusal(404, "aligners.error.notFound");
        _plans.readableCase(viewer.caller(), file->orderCaseId);
    } catch (const PlanRefusal& refusal) {
        failInWords(viewer, refusal);
    }
    response.setHeader("Cache-Control", "private, no-store");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Content-Disposition",
                       "attachment; filename=\"scan-" + std::to_string(file->id) + ".stl\"");
    auto in = _host.files().open(file->storeKey);
    std::ostream& out = response.stream("model/stl");
    out << in->rdbuf();
}

} // namespace molar::aligners
