#include "web/FileRoutes.h"

#include "molar/sdk/Errors.h"
#include "molar/sdk/Files.h"
#include "web/RequestParams.h"
#include "web/TextPart.h"

namespace molar::cases {

void FileRoutes::registerRoutes(sdk::Routes& routes)
{
    sdk::RouteOptions upload;
    upload.maxBodyBytes = _intake.maxBytes() + 64 * 1024; // the file and the form's other fields
    routes.add(
        "POST", "/cases/{id}/files", sdk::Access::SignedIn,
        [this](sdk::Request& request, sdk::Response& response) { this->upload(request, response); }, upload);
    routes.add("GET", "/cases/{id}/files/{file}", sdk::Access::SignedIn,
               [this](sdk::Request& request, sdk::Response& response) {
                   _pages.guarded(request, [&] { download(request, response); });
               });
}

void FileRoutes::upload(sdk::Request& request, sdk::Response& response)
{
    const bool wantsJson = request.header("Accept").find("application/json") != std::string::npos;
    const bool fromWizard = request.query("return") == "wizard";
    const CaseCaller caller = CaseCaller::of(request);
    std::int64_t caseId = 0;
    try {
        const CaseRecord record = _pages.service().load(caller, caseIdParam(request));
        caseId = record.id;
        // Before the body: a full case need not wait for its files to arrive.
        if (!_pages.service().hasRoomForFiles(record))
            throw CaseRefusal(409, "cases.file.error.tooManyInCase");
        std::string slot = "document";
        std::vector<FileIntake::Received> received;
        request.parts([&](const sdk::Part& part, std::istream& in) {
            if (part.fileName.empty()) {
                if (part.name == "slot") {
                    slot = readTextPart(in, 32, "cases.file.error.slot");
                    while (!slot.empty() && (slot.back() == '\r' || slot.back() == '\n'))
                        slot.pop_back();
                }
                return;
            }
            if (part.name == "file") {
                if (received.size() >= _intake.maxFilesPerRequest())
                    throw CaseRefusal(413, "cases.file.error.tooManyInRequest");
                received.push_back(_intake.receive(record, slot, part.fileName, in));
            }
        });
        if (received.empty())
            throw CaseRefusal(400, "cases.file.error.none");
        _intake.store(received, [&](std::vector<CaseFile> files) {
            _pages.service().recordFiles(caller, record, std::move(files));
        });
    } catch (const CaseRefusal& refusal) {
        // The rest of the body may be unread: this connection cannot carry another request.
        response.setHeader("Connection", "close");
        if (caseId == 0 || refusal.status() == 404)
            throw sdk::HttpError(refusal.status(), _pages.refusalText(request, refusal));
        if (wantsJson) {
            response.setStatus(refusal.status());
            response.json(sdk::Value::object({{"error", _pages.refusalText(request, refusal)}}));
            return;
        }
        const std::string base = "/cases/" + std::to_string(caseId);
        response.redirect((fromWizard ? base + "/edit/files" : base) + "?uploadError=" + refusal.key() +
                          "#files");
        return;
    }
    const std::string base = "/cases/" + std::to_string(caseId);
    if (wantsJson)
        response.json(sdk::Value::object({{"ok", true}, {"next", fromWizard ? base + "/edit/files" : base}}));
    else
        response.redirect((fromWizard ? base + "/edit/files" : base) + "#files");
}

void FileRoutes::download(sdk::Request& request, sdk::Response& response)
{
    const CaseRecord record = _pages.service().load(CaseCaller::of(request), caseIdParam(request));
    const auto file = CaseStore::file(_host.database(), record.id, caseIdParam(request, "file"));
    if (!file)
        throw CaseRefusal(404, "cases.error.notFound");
    auto in = _host.files().open(file->storeKey);
    // Only images show inline; everything else downloads, so no upload can run as a page.
    const bool inlineImage = file->kind == "photo";
    std::string quoted;
    for (char c : file->originalName)
        quoted += (c == '"' || c == '\\') ? '_' : c;
    response.setHeader("Content-Disposition",
                       std::string(inlineImage ? "inline" : "attachment") + "; filename=\"" + quoted + "\"");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Cache-Control", "private, max-age=3600");
    std::ostream& out = response.stream(inlineImage ? file->mediaType : "application/octet-stream");
    char buffer[64 * 1024];
    while (*in) {
        in->read(buffer, sizeof buffer);
        if (in->gcount() > 0)
            out.write(buffer, in->gcount());
    }
}

} // namespace molar::cases
