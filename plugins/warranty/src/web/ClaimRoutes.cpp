#include "web/ClaimRoutes.h"

#include "claims/ClaimPhotos.h"
#include "claims/ClaimStore.h"
#include "web/Viewer.h"
#include "web/WarrantyRoutes.h"

#include "molar/sdk/Errors.h"

#include <istream>
#include <iterator>

namespace molar::warranty {

namespace {

constexpr std::size_t kMaxField = 4096;

// A text field of a multipart form, at most `limit` bytes.
std::string textPart(std::istream& in, std::size_t limit)
{
    std::string text;
    char buffer[1024];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        text.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (text.size() > limit)
            throw WarrantyRefusal(413, "warranty.claim.error.descriptionTooLong");
    }
    return text;
}

} // namespace

void ClaimRoutes::registerRoutes(sdk::Routes& routes)
{
    auto bind = [self = shared_from_this()](void (ClaimRoutes::*handler)(sdk::Request&, sdk::Response&)) {
        return [self, handler](sdk::Request& request, sdk::Response& response) {
            (*self.*handler)(request, response);
        };
    };
    sdk::RouteOptions upload;
    upload.maxBodyBytes = static_cast<std::size_t>(_settings.claimMaxPhotos) *
                              static_cast<std::size_t>(_settings.claimMaxPhotoBytes) +
                          64 * 1024;
    sdk::RouteOptions form;
    form.maxBodyBytes = 8 * 1024;
    const std::string base = "/warranties/{id}/claims";
    routes.add("POST", base, sdk::Access::Clinic, bind(&ClaimRoutes::file), upload);
    routes.add("POST", base + "/{claim}/approve", sdk::Access::Lab, bind(&ClaimRoutes::approve), form);
    routes.add("POST", base + "/{claim}/decline", sdk::Access::Lab, bind(&ClaimRoutes::decline), form);
    routes.add("GET", base + "/{claim}/photos/{photo}", sdk::Access::SignedIn, bind(&ClaimRoutes::photo));
}

void ClaimRoutes::file(sdk::Request& request, sdk::Response& response)
{
    const Viewer viewer(_host, request);
    const Warranty warranty = readableWarranty(_host, request, viewer);
    ClaimFiling filing;
    ClaimPhotos photos(_host, _settings);
    try {
        request.parts([&](const sdk::Part& part, std::istream& in) {
            if (!part.fileName.empty()) {
                if (part.name == "photos")
                    photos.receive(part.fileName, in);
                return;
            }
            if (part.name == "reason")
                filing.reason = textPart(in, 64);
            else if (part.name == "description")
                filing.description = textPart(in, kMaxField);
            else if (part.name == "formKey")
                filing.formKey = textPart(in, 64);
        });
        const std::vector<ClaimPhoto> kept = photos.commit();
        filing.photos = kept;
        try {
            _claims.file(warranty, filing, sdk::Actor::of(request));
        } catch (...) {
            photos.discard(kept);
            throw;
        }
    } catch (const WarrantyRefusal& refusal) {
        // The rest of the body may be unread: this connection cannot carry another request.
        response.setHeader("Connection", "close");
        if (refusal.status() == 404 || refusal.status() == 409)
            throw sdk::HttpError(refusal.status(), viewer.t(refusal.key()));
        response.setStatus(refusal.status());
        const std::string& key = refusal.key();
        const std::string field =
            key == "warranty.claim.error.reason" ? "reasonError"
            : key.find("photo") != std::string::npos || key.find("Photo") != std::string::npos
                ? "photosError"
                : "descriptionError";
        _page.render(
            request, response, viewer, warranty,
            sdk::Value::object(
                {{"reason", filing.reason}, {"description", filing.description}, {field, viewer.t(key)}}));
        return;
    }
    response.redirect(warranty.path() + "#claims");
}

void ClaimRoutes::approve(sdk::Request& request, sdk::Response& response)
{
    const Viewer viewer(_host, request);
    const Warranty warranty = readableWarranty(_host, request, viewer);
    if (!viewer.isLabAdmin() && !viewer.isLabLead())
        throw sdk::HttpError(403, viewer.t("warranty.claim.error.labDecides"));
    try {
        _claims.approve(warranty, idFrom(request.param("claim")), sdk::Actor::of(request));
    } catch (const WarrantyRefusal& refusal) {
        throw sdk::HttpError(refusal.status(), viewer.t(refusal.key()));
    }
    response.redirect(warranty.path() + "#claims");
}

void ClaimRoutes::decline(sdk::Request& request, sdk::Response& response)
{
    const Viewer viewer(_host, request);
    const Warranty warranty = readableWarranty(_host, request, viewer);
    if (!viewer.isLabAdmin() && !viewer.isLabLead())
        throw sdk::HttpError(403, viewer.t("warranty.claim.error.labDecides"));
    const std::int64_t claimId = idFrom(request.param("claim"));
    const std::string reason = request.form("reason");
    try {
        _claims.decline(warranty, claimId, reason, sdk::Actor::of(request));
    } catch (const WarrantyRefusal& refusal) {
        if (refusal.status() != 400)
            throw sdk::HttpError(refusal.status(), viewer.t(refusal.key()));
        response.setStatus(400);
        _page.render(request, response, viewer, warranty,
                     sdk::Value::object({{"claimId", claimId},
                                         {"declineReason", reason},
                                         {"declineError", viewer.t(refusal.key())}}));
        return;
    }
    response.redirect(warranty.path() + "#claims");
}

void ClaimRoutes::photo(sdk::Request& request, sdk::Response& response)
{
    const Viewer viewer(_host, request);
    const Warranty warranty = readableWarranty(_host, request, viewer);
    const auto claim = ClaimStore::find(_host.database(), idFrom(request.param("claim")));
    const auto photo = claim && claim->warrantyId == warranty.id
                           ? ClaimStore::photo(_host.database(), claim->id, idFrom(request.param("photo")))
                           : std::nullopt;
    if (!photo)
        throw sdk::HttpError(404, viewer.t("warranty.error.notFound"));
    auto in = _host.files().open(photo->storeKey);
    const std::string bytes((std::istreambuf_iterator<char>(*in)), std::istreambuf_iterator<char>());
    // Checked and stripped images only, so they may show inline; never sniffed as anything else.
    response.setHeader("Cache-Control", "private, no-store");
    response.setHeader("Content-Disposition", "inline");
    response.send(photo->mediaType, bytes);
}

} // namespace molar::warranty
