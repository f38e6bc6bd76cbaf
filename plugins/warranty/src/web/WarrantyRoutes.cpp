#include "web/WarrantyRoutes.h"

#include "claims/ClaimStore.h"
#include "store/WarrantyStore.h"
#include "web/CardDownload.h"
#include "web/Viewer.h"

#include "molar/sdk/Audit.h"
#include "molar/sdk/Errors.h"
#include "molar/sdk/Views.h"

#include <set>
#include <vector>

namespace molar::warranty {

namespace {

constexpr int kPageSize = 50;

} // namespace

void WarrantyRoutes::registerRoutes(sdk::Routes& routes)
{
    const std::string base = path;
    auto bind = [self = shared_from_this()](void (WarrantyRoutes::*handler)(sdk::Request&, sdk::Response&)) {
        return [self, handler](sdk::Request& request, sdk::Response& response) {
            (*self.*handler)(request, response);
        };
    };
    sdk::RouteOptions form;
    form.maxBodyBytes = 8 * 1024;
    routes.add("GET", base, sdk::Access::SignedIn, bind(&WarrantyRoutes::list));
    routes.add("GET", base + "/{id}", sdk::Access::SignedIn, bind(&WarrantyRoutes::show));
    routes.add("GET", base + "/{id}/card.pdf", sdk::Access::SignedIn, bind(&WarrantyRoutes::card));
    routes.add("POST", base + "/{id}/void", sdk::Access::Lab, bind(&WarrantyRoutes::voidIt), form);
}

Warranty readableWarranty(sdk::Host& host, const sdk::Request& request, const Viewer& viewer)
{
    const std::int64_t id = idFrom(request.param("id"));
    std::optional<Warranty> warranty;
    if (id > 0)
        warranty = WarrantyStore::find(host.database(), id);
    if (!warranty || !viewer.mayRead(*warranty))
        throw sdk::HttpError(404, viewer.t("warranty.error.notFound"));
    return *warranty;
}

void WarrantyRoutes::list(sdk::Request& request, sdk::Response& response)
{
    const Viewer viewer(_host, request);
    if (!viewer.isLab() && viewer.organization() == 0)
        throw sdk::HttpError(403, viewer.t("warranty.error.notYours"));
    const std::string beforeText = request.query("before");
    const std::int64_t before = idFrom(beforeText);
    if (!beforeText.empty() && before == 0)
        throw sdk::HttpError(400, viewer.t("warranty.error.badCursor"));
    const auto rows = WarrantyStore::list(_host.database(), viewer.organization(), viewer.onlyDentist(),
                                          before, kPageSize + 1);
    std::vector<std::int64_t> ids;
    for (const Warranty& w : rows)
        ids.push_back(w.id);
    const std::set<std::int64_t> claimOpen = ClaimStore::openAmong(_host.database(), ids);
    sdk::Value items = sdk::Value::array();
    for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(kPageSize); ++i) {
        const Warranty& w = rows[i];
        const std::string state = stateName(_service.stateOf(w));
        items.push(sdk::Value::object({{"href", w.path()},
                                       {"number", w.number},
                                       {"caseNumber", w.caseNumber},
                                       {"restoration", viewer.restoration(w)},
                                       {"clinicName", w.clinicName},
                                       {"expiresOn", viewer.day(w.expiresOn)},
                                       {"state", state},
                                       {"stateText", viewer.t("warranty.state." + state)},
                                       {"claimOpen", claimOpen.count(w.id) == 1}}));
    }
    sdk::Value data =
        sdk::Value::object({{"items", items}, {"empty", rows.empty()}, {"lab", viewer.isLab()}});
    if (rows.size() > static_cast<std::size_t>(kPageSize))
        data.set("nextHref", std::string(path) + "?before=" + std::to_string(rows[kPageSize - 1].id));
    _host.views().page(request, response, "warranty/list", "warranty.list.title", data);
}

void WarrantyRoutes::show(sdk::Request& request, sdk::Response& response)
{
    const Viewer viewer(_host, request);
    _page.render(request, response, viewer, readableWarranty(_host, request, viewer), sdk::Value::object());
}

void WarrantyRoutes::card(sdk::Request& request, sdk::Response& response)
{
    const Viewer viewer(_host, request);
    const Warranty warranty = readableWarranty(_host, request, viewer);
    const std::string layout = request.query("layout").empty() ? "a4" : request.query("layout");
    // The reader's language when cards are printed in it, else the first one offered.
    std::string language = request.query("lang");
    if (language.empty())
        language = isCardLanguage(_settings, viewer.language()) ? viewer.language()
                                                                : _settings.cardLanguages.front();
    if (layout != "a4" && layout != "wallet")
        throw sdk::HttpError(400, viewer.t("warranty.error.badLayout"));
    if (!isCardLanguage(_settings, language))
        throw sdk::HttpError(400, viewer.t("warranty.error.badLanguage"));
    const std::string pdf = renderCard(_host, _settings, warranty, layout, language);
    response.setHeader("Content-Disposition",
                       "attachment; filename=\"warranty-" + warranty.caseNumber + "-" + layout + ".pdf\"");
    response.setHeader("Cache-Control", "private, no-store");
    response.send("application/pdf", pdf);
}

void WarrantyRoutes::voidIt(sdk::Request& request, sdk::Response& response)
{
    const Viewer viewer(_host, request);
    const Warranty warranty = readableWarranty(_host, request, viewer);
    if (!viewer.isLabAdmin())
        throw sdk::HttpError(403, viewer.t("warranty.error.adminOnly"));
    const std::string reason = request.form("reason");
    try {
        _service.voidWarranty(warranty.id, reason, sdk::Actor::of(request));
    } catch (const WarrantyRefusal& refusal) {
        if (refusal.status() != 400)
            throw sdk::HttpError(refusal.status(), viewer.t(refusal.key()));
        // The mistake beside the field, with what was typed kept.
        response.setStatus(400);
        _page.render(request, response, viewer, warranty,
                     sdk::Value::object({{"reason", reason}, {"reasonError", viewer.t(refusal.key())}}));
        return;
    }
    response.redirect(warranty.path());
}

} // namespace molar::warranty
