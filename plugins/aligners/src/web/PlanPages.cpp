#include "web/PlanPages.h"

#include "web/CivilDay.h"

#include <algorithm>

namespace molar::aligners {

namespace {

std::string stepList(const std::vector<int>& steps)
{
    std::string out;
    for (int step : steps)
        out += (out.empty() ? "" : ", ") + std::to_string(step);
    return out;
}

void merge(sdk::Value& data, const sdk::Value& extra)
{
    if (!extra.isObject())
        return;
    for (const auto& [key, value] : extra.asObject())
        data.set(key, value);
}

} // namespace

sdk::Value PlanPages::expiryData(const Viewer& viewer, const AlignerCase& c)
{
    sdk::Value data = sdk::Value::object();
    const PlanType* type = _service.settings().plans.find(c.planType);
    if (!type)
        return data;
    data.set("hasPlanType", true);
    data.set("planType", c.planType);
    data.set("planTypeLine", viewer.t("aligners.expiry.planType", {{"name", type->name}}));
    if (const auto expiry = _expiry.expiryOf(c)) {
        const std::string day = civilDay(viewer, expiry->expiry);
        const ExpiryEmphasis emphasis = expiry->emphasis;
        const bool expired = emphasis == ExpiryEmphasis::Expired;
        data.set("expiryText",
                 viewer.t(expired ? "aligners.expiry.expired" : "aligners.expiry.expires", {{"day", day}}));
        data.set("expiryLevel", std::string(emphasisName(emphasis)));
        // Bold under 6 months, bold and red under 3; the words say it too.
        data.set("expiryStrong", emphasis == ExpiryEmphasis::Bold || emphasis == ExpiryEmphasis::Red);
        if (emphasis == ExpiryEmphasis::Red)
            data.set("expiryWarning", viewer.t("aligners.expiry.under3Months"));
    } else if (type->expiryMonths > 0) {
        data.set("expiryPending", viewer.t("aligners.expiry.fromFirstShipment",
                                           {{"months", std::to_string(type->expiryMonths)}}));
    }
    sdk::Value past = sdk::Value::array();
    for (const auto& upgrade : _expiry.upgrades(c.caseId)) {
        const PlanType* from = _service.settings().plans.find(upgrade.fromType);
        const PlanType* to = _service.settings().plans.find(upgrade.toType);
        past.push(
            viewer.t("aligners.upgrade.done", {{"from", from ? from->name : upgrade.fromType},
                                               {"to", to ? to->name : upgrade.toType},
                                               {"at", viewer.day(upgrade.upgradedAt)},
                                               {"fee", viewer.money(upgrade.feeMinor, upgrade.currency)}}));
    }
    data.set("pastUpgrades", past);
    data.set("hasPastUpgrades", past.size() > 0);
    if (!viewer.caller().decides(c))
        return data;
    sdk::Value offers = sdk::Value::array();
    for (const auto& offer : _expiry.upgradeOffers(c))
        offers.push(
            sdk::Value::object({{"type", offer.type},
                                {"name", offer.name},
                                {"inputId", "upgrade-" + offer.type},
                                {"fee", viewer.money(offer.feeMinor, _service.settings().plans.currency)},
                                {"expiry", offer.expiry ? viewer.t("aligners.upgrade.newExpiry",
                                                                   {{"day", civilDay(viewer, *offer.expiry)}})
                                                        : viewer.t("aligners.upgrade.expiryFromShipment")}}));
    data.set("upgrades", offers);
    data.set("canUpgrade", offers.size() > 0);
    data.set("upgradeAction", c.path() + "/upgrade");
    return data;
}

sdk::Value PlanPages::planData(const Viewer& viewer, const AlignerCase& c, const Plan& plan, bool current,
                               const std::string& fileBase) const
{
    const std::string id = std::to_string(plan.id);
    sdk::Value files = sdk::Value::array();
    for (const auto& file : plan.files) {
        const std::string label =
            file.kind == "step"
                ? viewer.t(file.arch == "upper" ? "aligners.file.upperStep" : "aligners.file.lowerStep",
                           {{"step", std::to_string(file.step)}})
                : viewer.t("aligners.file." + file.kind);
        files.push(sdk::Value::object({{"name", file.name},
                                       {"label", label},
                                       {"href", fileBase + std::to_string(file.id)},
                                       {"previewable", file.format == "stl"},
                                       {"format", file.format},
                                       {"size", std::to_string((file.sizeBytes + 1023) / 1024) + " KB"}}));
    }
    sdk::Value options = sdk::Value::array();
    for (const auto& option : plan.options)
        options.push(sdk::Value::object(
            {{"type", option.type},
             {"name", option.name},
             {"inputId", "option-" + id + "-" + option.type},
             {"steps", viewer.t("aligners.option.steps", {{"steps", std::to_string(option.plannedSteps)}})},
             {"price", viewer.money(option.priceMinor, option.currency)},
             {"chosen", option.type == plan.chosenType}}));
    const auto engagers = engagersByArch(plan.engagerSteps);
    const auto upper = engagers.count("upper") ? engagers.at("upper") : std::vector<int>{};
    const auto lower = engagers.count("lower") ? engagers.at("lower") : std::vector<int>{};
    const bool proposed = plan.state == "proposed";
    const PlanCaller& caller = viewer.caller();
    sdk::Value data = sdk::Value::object(
        {{"id", id},
         {"version", std::to_string(plan.version)},
         {"anchor", "plan-" + std::to_string(plan.version)},
         {"heading", viewer.t("aligners.plan.version", {{"version", std::to_string(plan.version)}})},
         {"state", plan.state},
         {"stateLabel", viewer.t("aligners.plan.state." + plan.state)},
         {"current", current},
         {"uploaded", viewer.t("aligners.plan.uploadedBy",
                               {{"name", plan.uploadedByName}, {"at", viewer.dayAndTime(plan.uploadedAt)}})},
         {"stepsUpper", std::to_string(plan.stepsUpper)},
         {"stepsLower", std::to_string(plan.stepsLower)},
         {"iprNotes", plan.iprNotes},
         {"hasIpr", !plan.iprNotes.empty()},
         {"attachmentNotes", plan.attachmentNotes},
         {"hasAttachments", !plan.attachmentNotes.empty()},
         {"simulationUrl", plan.simulationUrl},
         {"hasSimulation", !plan.simulationUrl.empty()},
         {"engagersUpper", upper.empty() ? viewer.t("aligners.plan.none") : stepList(upper)},
         {"engagersLower", lower.empty() ? viewer.t("aligners.plan.none") : stepList(lower)},
         {"files", files},
         {"hasFiles", !plan.files.empty()},
         {"options", options},
         {"decided", !proposed},
         {"canDecide", current && proposed && caller.decides(c) && c.status == "waiting_for_approval"},
         {"waitsForClinic", current && proposed && !caller.decides(c)},
         {"acceptAction", "/aligners/plans/" + id + "/accept"},
         {"rejectAction", "/aligners/plans/" + id + "/reject"},
         {"modifyAction", "/aligners/plans/" + id + "/modify"},
         {"shareAction", "/aligners/plans/" + id + "/shares"},
         {"canShare", caller.side == "clinic" || caller.isLab()}});
    if (!proposed)
        data.set("decision",
                 viewer.t("aligners.plan.decidedBy",
                          {{"name", plan.decidedByName}, {"at", viewer.dayAndTime(plan.decidedAt)}}));
    if (plan.state == "accepted")
        data.set("chosen",
                 viewer.t("aligners.plan.chosen",
                          {{"name", plan.option(plan.chosenType) ? plan.option(plan.chosenType)->name
                                                                 : plan.chosenType},
                           {"price", viewer.money(plan.priceMinor, plan.currency)}}));
    if (!plan.reason.empty())
        data.set("reason", plan.reason);
    return data;
}

void PlanPages::planPage(sdk::Request& request, sdk::Response& response, const Viewer& viewer,
                         const AlignerCase& c, const sdk::Value& extra)
{
    const auto plans = _service.plans(c.caseId);
    sdk::Value list = sdk::Value::array();
    for (std::size_t i = 0; i < plans.size(); ++i)
        list.push(planData(viewer, c, plans[i], i == 0, "/aligners/files/"));
    sdk::Value shares = sdk::Value::array();
    const std::int64_t now = _service.now();
    for (const auto& link : _service.shares(c.caseId)) {
        const auto plan =
            std::find_if(plans.begin(), plans.end(), [&](const Plan& p) { return p.id == link.planId; });
        const std::string state = link.revokedAt ? "revoked" : link.opensAt(now) ? "active" : "expired";
        shares.push(sdk::Value::object(
            {{"id", std::to_string(link.id)},
             {"label",
              viewer.t("aligners.share.of",
                       {{"version", plan == plans.end() ? std::string("?") : std::to_string(plan->version)},
                        {"at", viewer.dayAndTime(link.createdAt)}})},
             {"state",
              viewer.t("aligners.share.state." + state,
                       {{"at", viewer.dayAndTime(link.revokedAt ? link.revokedAt : link.expiresAt)}})},
             {"active", state == "active"},
             {"revokeAction", "/aligners/shares/" + std::to_string(link.id) + "/revoke"}}));
    }
    sdk::Value data =
        sdk::Value::object({{"number", c.number},
                            {"caseHref", "/cases/" + std::to_string(c.caseId)},
                            {"statusLabel", viewer.t("cases.status." + c.status)},
                            {"plans", list},
                            {"hasPlans", !plans.empty()},
                            {"canUpload", viewer.caller().uploads() && c.status == "in_planning"},
                            {"uploadHref", c.path() + "/plans/new"},
                            {"shares", shares},
                            {"hasShares", shares.size() > 0},
                            {"shareDays", std::to_string(_service.settings().shareDays)}});
    merge(data, expiryData(viewer, c));
    merge(data, extra);
    _host.views().page(request, response, "aligners/plan", "aligners.plan.title", data);
}

void PlanPages::uploadForm(sdk::Request& request, sdk::Response& response, const Viewer& viewer,
                           const AlignerCase& c, const PlanFormInput& typed, const FormErrors& errors)
{
    sdk::Value types = sdk::Value::array();
    for (const auto& type : _service.settings().plans.types) {
        const auto offered = typed.offered.find(type.code);
        const auto steps = typed.plannedSteps.find(type.code);
        const auto error = errors.find("steps_" + type.code);
        sdk::Value row = sdk::Value::object(
            {{"code", type.code},
             {"name", type.name},
             {"offerId", "offer-" + type.code},
             {"stepsId", "steps-" + type.code},
             {"offered", offered != typed.offered.end() && offered->second},
             {"steps", steps == typed.plannedSteps.end() ? "" : steps->second},
             {"price", viewer.money(type.priceMinor, _service.settings().plans.currency)},
             {"hasAlignerPrice", type.alignerPriceMinor > 0},
             {"alignerPrice", viewer.money(type.alignerPriceMinor, _service.settings().plans.currency)},
             {"maxSteps", type.maxSteps > 0 ? viewer.t("aligners.upload.maxSteps",
                                                       {{"steps", std::to_string(type.maxSteps)}})
                                            : ""}});
        if (error != errors.end())
            row.set("error", viewer.t(error->second));
        types.push(row);
    }
    sdk::Value data = sdk::Value::object({{"number", c.number},
                                          {"planHref", c.path()},
                                          {"action", c.path() + "/plans"},
                                          {"stepsUpper", typed.stepsUpper},
                                          {"stepsLower", typed.stepsLower},
                                          {"iprNotes", typed.iprNotes},
                                          {"attachmentNotes", typed.attachmentNotes},
                                          {"simulationUrl", typed.simulationUrl},
                                          {"engagersUpper", typed.engagersUpper},
                                          {"engagersLower", typed.engagersLower},
                                          {"types", types}});
    for (const auto& [field, key] : errors)
        if (field.rfind("steps_", 0) != 0)
            data.set(field + "Error", viewer.t(key));
    if (!errors.empty())
        data.set("hasErrors", true);
    _host.views().page(request, response, "aligners/upload", "aligners.upload.title", data);
}

void PlanPages::sharedPlan(sdk::Request& request, sdk::Response& response, const Viewer& viewer,
                           const PlanService::Shared& shared, const std::string& token)
{
    sdk::Value plan = planData(viewer, shared.kase, shared.plan, false, "/plans/shared/" + token + "/files/");
    // Read-only: no decision, no share, nobody's name.
    plan.set("canDecide", false);
    plan.set("waitsForClinic", false);
    plan.set("canShare", false);
    plan.set("uploaded",
             viewer.t("aligners.shared.uploadedAt", {{"at", viewer.dayAndTime(shared.plan.uploadedAt)}}));
    plan.set("decision", "");
    plan.set("reason", "");
    sdk::Value data =
        sdk::Value::object({{"number", shared.kase.number},
                            {"plan", plan},
                            {"expires", viewer.t("aligners.shared.expires",
                                                 {{"at", viewer.dayAndTime(shared.link.expiresAt)}})}});
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("X-Robots-Tag", "noindex");
    response.setHeader("Referrer-Policy", "no-referrer");
    _host.views().page(request, response, "aligners/shared", "aligners.shared.title", data);
}

} // namespace molar::aligners
