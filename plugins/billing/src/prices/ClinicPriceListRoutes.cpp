#include "prices/ClinicPriceListRoutes.h"

#include "molar/sdk/Audit.h"
#include "molar/sdk/Errors.h"

#include <cctype>

namespace molar::billing {

namespace {

std::int64_t number(const std::string& text)
{
    if (text.empty() || text.size() > 18)
        return 0;
    for (char c : text)
        if (!std::isdigit(static_cast<unsigned char>(c)))
            return 0;
    return std::stoll(text);
}

bool isOwner(const sdk::Request& request)
{
    const auto& principal = request.principal();
    return principal && principal->side == "clinic" && principal->role == "owner";
}

std::int64_t organizationOf(const sdk::Request& request)
{
    const auto& principal = request.principal();
    // Organization 0 is nobody's: a clinic account always has one.
    if (!principal || principal->side != "clinic" || principal->organizationId == 0)
        throw PriceRefusal(403, "billing.prices.error.clinicOnly");
    return principal->organizationId;
}

} // namespace

void ClinicPriceListRoutes::registerRoutes(sdk::Routes& routes)
{
    routes.add("GET", path, sdk::Access::Clinic, [this](sdk::Request& request, sdk::Response& response) {
        _pages.guarded(request, [&] { show(request, response); });
    });
    sdk::RouteOptions options;
    options.maxBodyBytes = 4 * 1024;
    routes.add(
        "POST", std::string(path) + "/accept", sdk::Access::Clinic,
        [this](sdk::Request& request, sdk::Response& response) {
            _pages.guarded(request, [&] { accept(request, response); });
        },
        options);
}

void ClinicPriceListRoutes::show(sdk::Request& request, sdk::Response& response)
{
    std::string notice;
    if (const std::int64_t accepted = number(request.query("accepted")))
        notice = _pages.t(request, "billing.prices.clinic.accepted", {{"version", std::to_string(accepted)}});
    render(request, response, 200, notice, "");
}

void ClinicPriceListRoutes::accept(sdk::Request& request, sdk::Response& response)
{
    const std::int64_t organizationId = organizationOf(request);
    const std::int64_t listId = number(request.form("listId"));
    const int version = static_cast<int>(number(request.form("version")));
    // Another organization's list, or none: not found, whoever asks.
    const auto list = listId ? PriceListStore::byId(_pages.host().database(), listId) : std::nullopt;
    if (!list || list->organizationId != organizationId)
        throw PriceRefusal(404, "billing.prices.error.notFound");
    if (!isOwner(request))
        throw PriceRefusal(403, "billing.prices.error.ownerOnly");

    switch (_pages.lists().accept(sdk::Actor::of(request), organizationId, listId, version)) {
    case PriceLists::Accepted::Now:
    case PriceLists::Accepted::Already:
        return response.redirect(std::string(path) + "?accepted=" + std::to_string(version));
    case PriceLists::Accepted::Stale:
        return render(
            request, response, 409, "",
            _pages.t(request, "billing.prices.error.stale", {{"version", std::to_string(list->version)}}));
    }
}

void ClinicPriceListRoutes::render(sdk::Request& request, sdk::Response& response, int status,
                                   const std::string& notice, const std::string& problem)
{
    const std::int64_t organizationId = organizationOf(request);
    sdk::SqlRunner& db = _pages.host().database();
    const auto list = PriceListStore::forOrganization(db, organizationId);
    const int latest = list ? list->version : 0;
    const auto agreed = PriceListStore::inForce(db, organizationId);
    const bool proposing = latest > 0 && (!agreed || agreed->version < latest);
    const CustomPrices inForce =
        agreed ? PriceListStore::prices(db, agreed->listId, agreed->version) : CustomPrices();
    const CustomPrices proposed = proposing ? PriceListStore::prices(db, list->id, latest) : CustomPrices();

    sdk::Value items = sdk::Value::array();
    for (const auto& item : _pages.lists().book().catalog()) {
        const sdk::Money fallback{item.priceMinor, item.currency};
        const sdk::Money now = inForce.count(item.code) ? inForce.at(item.code) : fallback;
        const sdk::Money next = proposed.count(item.code) ? proposed.at(item.code) : fallback;
        items.push(sdk::Value::object(
            {{"name", _pages.itemName(request, item)},
             {"defaultPrice", _pages.money(request, fallback)},
             {"price", _pages.money(request, now)},
             {"proposedPrice", _pages.money(request, next)},
             {"changed", proposing && (next.minor != now.minor || next.currency != now.currency)},
             {"currency", item.currency}}));
    }

    sdk::Value data = sdk::Value::object({{"items", items},
                                          {"hasItems", items.size() > 0},
                                          {"proposing", proposing},
                                          {"agreed", agreed.has_value()},
                                          {"isOwner", isOwner(request)},
                                          {"listId", list ? list->id : 0},
                                          {"version", latest},
                                          {"action", std::string(path) + "/accept"},
                                          {"notice", notice},
                                          {"hasNotice", !notice.empty()},
                                          {"problem", problem},
                                          {"hasProblem", !problem.empty()}});
    data.set("inForce", agreed ? _pages.t(request, "billing.prices.inForceSince",
                                          {{"version", std::to_string(agreed->version)},
                                           {"time", _pages.time(request, agreed->acceptedAt)},
                                           {"name", _pages.userName(agreed->acceptedBy)}})
                               : _pages.t(request, "billing.prices.defaultApplies"));
    if (proposing) {
        const auto saved = PriceListStore::version(db, list->id, latest);
        data.set("proposal", _pages.t(request, "billing.prices.clinic.proposal",
                                      {{"version", std::to_string(latest)},
                                       {"time", saved ? _pages.time(request, saved->savedAt) : ""}}));
        data.set("acceptLabel",
                 _pages.t(request, "billing.prices.clinic.accept", {{"version", std::to_string(latest)}}));
    }
    response.setStatus(status);
    _pages.host().views().page(request, response, "billing/price-list", "billing.prices.clinic.title", data);
}

} // namespace molar::billing
