#include "web/PlanRoutes.h"

#include "rules/PlanFiles.h"
#include "store/PlanStore.h"
#include "web/PlanFilesReceiver.h"
#include "web/UploadParts.h"

#include "molar/sdk/Errors.h"
#include "molar/sdk/Files.h"

#include <cctype>
#include <istream>

namespace molar::aligners {

void PlanRoutes::registerRoutes(sdk::Routes& routes)
{
    auto bind = [self = shared_from_this()](void (PlanRoutes::*handler)(sdk::Request&, sdk::Response&)) {
        return [self, handler](sdk::Request& request, sdk::Response& response) {
            (*self.*handler)(request, response);
        };
    };
    sdk::RouteOptions upload;
    upload.maxBodyBytes = static_cast<std::size_t>(kMaxPlanFiles / 4) * kMaxPlanFileBytes;
    sdk::RouteOptions form;
    form.maxBodyBytes = 16 * 1024;
    routes.add("GET", "/aligners/cases/{caseId}", sdk::Access::SignedIn, bind(&PlanRoutes::show));
    routes.add("GET", "/aligners/cases/{caseId}/plans/new", sdk::Access::Lab, bind(&PlanRoutes::newPlan));
    routes.add("POST", "/aligners/cases/{caseId}/plans", sdk::Access::Lab, bind(&PlanRoutes::upload), upload);
    routes.add("POST", "/aligners/plans/{planId}/accept", sdk::Access::Clinic, bind(&PlanRoutes::accept),
               form);
    routes.add("POST", "/aligners/plans/{planId}/reject", sdk::Access::Clinic, bind(&PlanRoutes::reject),
               form);
    routes.add("POST", "/aligners/plans/{planId}/modify", sdk::Access::Clinic, bind(&PlanRoutes::modify),
               form);
    routes.add("POST", "/aligners/plans/{planId}/shares", sdk::Access::SignedIn, bind(&PlanRoutes::share),
               form);
    routes.add("POST", "/aligners/shares/{shareId}/revoke", sdk::Access::SignedIn, bind(&PlanRoutes::revoke),
               form);
    routes.add("GET", "/aligners/files/{fileId}", sdk::Access::SignedIn, bind(&PlanRoutes::file));
}

void PlanRoutes::show(sdk::Request& request, sdk::Response& response)
{
    const Viewer viewer(_host, request);
    try {
        _pages.planPage(request, response, viewer,
                        _service.readableCase(viewer.caller(), idFromPath(request.param("caseId"))));
    } catch (const PlanRefusal& refusal) {
        failInWords(viewer, refusal);
    }
}

void PlanRoutes::newPlan(sdk::Request& request, sdk::Response& response)
{
    const Viewer viewer(_host, request);
    try {
        const AlignerCase c = _service.readableCase(viewer.caller(), idFromPath(request.param("caseId")));
        if (!viewer.caller().uploads())
            throw PlanRefusal(403, "aligners.error.labUploads");
        if (c.status != "in_planning")
            throw PlanRefusal(409, "aligners.error.notInPlanning");
        _pages.uploadForm(request, response, viewer, c, {}, {});
    } catch (const PlanRefusal& refusal) {
        failInWords(viewer, refusal);
    }
}

void PlanRoutes::upload(sdk::Request& request, sdk::Response& response)
{
    const Viewer viewer(_host, request);
    AlignerCase c;
    try {
        c = _service.readableCase(viewer.caller(), idFromPath(request.param("caseId")));
    } catch (const PlanRefusal& refusal) {
        response.setHeader("Connection", "close"); // the body is left unread
        failInWords(viewer, refusal);
    }
    PlanFormInput typed;
    FormErrors errors;
    PlanFilesReceiver files(_host, c.caseId);
    try {
        request.parts([&](const sdk::Part& part, std::istream& in) {
            if (!part.fileName.empty() || part.name == "upperSteps" || part.name == "lowerSteps" ||
                part.name == "report" || part.name == "viewer") {
                files.receive(part.name, part.fileName, in);
                return;
            }
            const std::string value = readTextPart(in);
            if (part.name == "stepsUpper")
                typed.stepsUpper = value;
            else if (part.name == "stepsLower")
                typed.stepsLower = value;
            else if (part.name == "iprNotes")
                typed.iprNotes = value;
            else if (part.name == "attachmentNotes")
                typed.attachmentNotes = value;
            else if (part.name == "simulationUrl")
                typed.simulationUrl = value;
            else if (part.name == "engagersUpper")
                typed.engagersUpper = value;
            else if (part.name == "engagersLower")
                typed.engagersLower = value;
            else if (part.name.rfind("offer_", 0) == 0)
                typed.offered[part.name.substr(6)] = !value.empty();
            else if (part.name.rfind("steps_", 0) == 0)
                typed.plannedSteps[part.name.substr(6)] = value;
        });
        const PlanDraft draft = readPlanForm(typed, _service.settings().plans, errors);
        if (errors.empty()) {
            const std::string stepProblem = files.checkSteps(draft.stepsUpper, draft.stepsLower);
            if (!stepProblem.empty())
                errors["files"] = stepProblem;
        }
        if (!errors.empty()) {
            files.discard();
            response.setStatus(400);
            _pages.uploadForm(request, response, viewer, c, typed, errors);
            return;
        }
        _service.upload(viewer.caller(), c.caseId, draft, files.files());
    } catch (const PlanRefusal& refusal) {
        files.discard();
        response.setHeader("Connection", "close");
        if (refusal.status() == 400 || refusal.status() == 413) {
            response.setStatus(refusal.status());
            _pages.uploadForm(request, response, viewer, c, typed, {{"files", refusal.key()}});
            return;
        }
        failInWords(viewer, refusal);
    } catch (...) {
        files.discard();
        throw;
    }
    response.redirect(c.path());
}

void PlanRoutes::decisionRefused(sdk::Request& request, sdk::Response& response, const PlanRefusal& refusal,
                                 std::int64_t planId, const std::string& field, const std::string& typed)
{
    const Viewer viewer(_host, request);
    if (refusal.status() != 400)
        failInWords(viewer, refusal);
    const auto [c, plan] = _service.readablePlan(viewer.caller(), planId);
    response.setStatus(400);
    _pages.planPage(
        request, response, viewer, c,
        sdk::Value::object({{field + "Error", viewer.t(refusal.key())}, {field + "Typed", typed}}));
}

void PlanRoutes::accept(sdk::Request& request, sdk::Response& response)
{
    const std::int64_t planId = idFromPath(request.param("planId"));
    const Viewer viewer(_host, request);
    try {
        _service.accept(viewer.caller(), planId, request.form("planType"));
        response.redirect(_service.readablePlan(viewer.caller(), planId).first.path());
    } catch (const PlanRefusal& refusal) {
        decisionRefused(request, response, refusal, planId, "accept", "");
    }
}

void PlanRoutes::reject(sdk::Request& request, sdk::Response& response)
{
    const std::int64_t planId = idFromPath(request.param("planId"));
    const Viewer viewer(_host, request);
    const std::string reason = request.form("reason");
    try {
        _service.reject(viewer.caller(), planId, reason);
        response.redirect(_service.readablePlan(viewer.caller(), planId).first.path());
    } catch (const PlanRefusal& refusal) {
        decisionRefused(request, response, refusal, planId, "reject", reason);
    }
}

void PlanRoutes::modify(sdk::Request& request, sdk::Response& response)
{
    const std::int64_t planId = idFromPath(request.param("planId"));
    const Viewer viewer(_host, request);
    const std::string reason = request.form("reason");
    try {
        _service.requestModification(viewer.caller(), planId, reason);
        response.redirect(_service.readablePlan(viewer.caller(), planId).first.path());
    } catch (const PlanRefusal& refusal) {
        decisionRefused(request, response, refusal, planId, "modify", reason);
    }
}

void PlanRoutes::share(sdk::Request& request, sdk::Response& response)
{
    const Viewer viewer(_host, request);
    try {
        const std::int64_t planId = idFromPath(request.param("planId"));
        const std::string token = _service.share(viewer.caller(), planId);
        const auto [c, plan] = _service.readablePlan(viewer.caller(), planId);
        // The link is shown once, on this answer, and never stored: a page of its own
        // (not a redirect) so that it is in no URL, history or log.
        response.setHeader("Cache-Control", "no-store");
        _pages.planPage(request, response, viewer, c,
                        sdk::Value::object({{"newShareUrl", _host.publicUrl() + "/plans/shared/" + token},
                                            {"newShareVersion", std::to_string(plan.version)}}));
    } catch (const PlanRefusal& refusal) {
        failInWords(viewer, refusal);
    }
}

void PlanRoutes::revoke(sdk::Request& request, sdk::Response& response)
{
    const Viewer viewer(_host, request);
    try {
        const std::int64_t shareId = idFromPath(request.param("shareId"));
        _service.revokeShare(viewer.caller(), shareId);
        const auto link = ShareLinkStore::find(_host.database(), shareId);
        response.redirect("/aligners/cases/" + std::to_string(link ? link->caseId : 0) + "#shares");
    } catch (const PlanRefusal& refusal) {
        failInWords(viewer, refusal);
    }
}

void PlanRoutes::file(sdk::Request& request, sdk::Response& response)
{
    const Viewer viewer(_host, request);
    const auto file = PlanStore::file(_host.database(), idFromPath(request.param("fileId")));
    try {
        if (!file)
            throw PlanRefusal(404, "aligners.error.notFound");
        _service.readablePlan(viewer.caller(), file->planId);
    } catch (const PlanRefusal& refusal) {
        failInWords(viewer, refusal);
    }
    sendPlanFile(_host, response, *file);
}

void sendPlanFile(sdk::Host& host, sdk::Response& response, const PlanFile& file)
{
    const std::string type = file.format == "stl"   ? "model/stl"
                             : file.format == "pdf" ? "application/pdf"
                                                    : "application/octet-stream";
    // Only the name's safe characters go into the header.
    std::string name;
    for (char c : file.name)
        name += (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_') ? c : '_';
    response.setHeader("Cache-Control", "private, no-store");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Content-Disposition", std::string(file.format == "file" ? "attachment" : "inline") +
                                                  "; filename=\"" + name + "\"");
    auto in = host.files().open(file.storeKey);
    std::ostream& out = response.stream(type);
    out << in->rdbuf();
}

} // namespace molar::aligners
