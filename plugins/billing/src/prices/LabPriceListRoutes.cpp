#include "prices/LabPriceListRoutes.h"

#include "molar/sdk/Audit.h"
#include "molar/sdk/Errors.h"

#include <cctype>

namespace molar::billing {

namespace {

bool mayEdit(const sdk::Request& request)
{
    const auto& principal = request.principal();
    return principal && principal->side == "lab" &&
           (principal->role == "admin" || principal->role == "billing");
}

// Admins and billing clerks run price lists; leads may read them.
void requireReader(const PricePages& pages, const sdk::Request& request)
{
    const auto& principal = request.principal();
    if (!mayEdit(request) && !(principal && principal->side == "lab" && principal->role == "lead"))
        throw sdk::HttpError(403, pages.t(request, "billing.prices.error.labRole"));
}

std::int64_t idParameter(const std::string& text)
{
    if (text.empty() || text.size() > 18)
        return 0;
    for (char c : text)
        if (!std::isdigit(static_cast<unsigned char>(c)))
            return 0;
    return std::stoll(text);
}

} // namespace

void LabPriceListRoutes::registerRoutes(sdk::Routes& routes)
{
    routes.add("GET", path, sdk::Access::Lab, [this](sdk::Request& request, sdk::Response& response) {
        _pages.guarded(request, [&] { index(request, response); });
    });
    const std::string one = std::string(path) + "/{organizationId}";
    routes.add("GET", one, sdk::Access::Lab, [this](sdk::Request& request, sdk::Response& response) {
        _pages.guarded(request, [&] { show(request, response); });
    });
    // A form of one field per catalog item: a few kilobytes.
    sdk::RouteOptions options;
    options.maxBodyBytes = 64 * 1024;
    routes.add(
        "POST", one, sdk::Access::Lab,
        [this](sdk::Request& request, sdk::Response& response) {
            _pages.guarded(request, [&] { save(request, response); });
        },
        options);
}

sdk::OrganizationInfo LabPriceListRoutes::organizationOf(const sdk::Request& request)
{
    const std::int64_t id = idParameter(request.param("organizationId"));
    const auto organization = id ? _pages.host().accounts().organization(id) : std::nullopt;
    if (!organization)
        throw PriceRefusal(404, "billing.prices.error.noOrganization");
    return *organization;
}

void LabPriceListRoutes::index(sdk::Request& request, sdk::Response& response)
{
    requireReader(_pages, request);
    sdk::SqlRunner& db = _pages.host().database();
    sdk::Value rows = sdk::Value::array();
    for (const auto& organization : _pages.host().accounts().organizations("")) {
        const auto list = PriceListStore::forOrganization(db, organization.id);
        const auto agreed = PriceListStore::inForce(db, organization.id);
        std::string latest = _pages.t(request, "billing.prices.none");
        if (list && list->version > 0)
            latest = _pages.t(request, "billing.prices.versionSaved",
                              {{"version", std::to_string(list->version)},
                               {"time", _pages.time(request, list->updatedAt)}});
        std::string inForce = _pages.t(request, "billing.prices.defaultApplies");
        if (agreed)
            inForce = _pages.t(request, "billing.prices.versionAccepted",
                               {{"version", std::to_string(agreed->version)},
                                {"time", _pages.time(request, agreed->acceptedAt)}});
        const bool waiting = list && list->version > 0 && (!agreed || agreed->version < list->version);
        rows.push(sdk::Value::object({{"name", organization.name},
                                      {"href", std::string(path) + "/" + std::to_string(organization.id)},
                                      {"latest", latest},
                                      {"inForce", inForce},
                                      {"waiting", waiting}}));
    }
    sdk::Value data = sdk::Value::object(
        {{"organizations", rows}, {"hasOrganizations", rows.size() > 0}, {"canEdit", mayEdit(request)}});
    _pages.host().views().page(request, response, "billing/price-lists", "billing.prices.lab.title", data);
}

void LabPriceListRoutes::show(sdk::Request& request, sdk::Response& response)
{
    requireReader(_pages, request);
    const sdk::OrganizationInfo organization = organizationOf(request);
    std::string notice;
    const std::string saved = request.query("saved");
    if (saved == "unchanged")
        notice = _pages.t(request, "billing.prices.lab.unchanged");
    else if (idParameter(saved))
        notice = _pages.t(request, "billing.prices.lab.saved", {{"version", saved}});
    render(request, response, 200, organization, nullptr, notice, "");
}

void LabPriceListRoutes::save(sdk::Request& request, sdk::Response& response)
{
    if (!mayEdit(request))
        throw PriceRefusal(403, "billing.prices.error.labRole");
    const sdk::OrganizationInfo organization = organizationOf(request);
    sdk::SqlRunner& db = _pages.host().database();

    // The form names the list it was opened on: a form of another organization's list
    // (an old tab, an edited page) must not change this one's.
    const std::string listText = request.form("listId");
    const std::int64_t postedList = idParameter(listText);
    if (!listText.empty() && listText != "0") {
        const auto list = postedList ? PriceListStore::byId(db, postedList) : std::nullopt;
        if (!list || list->organizationId != organization.id)
            throw PriceRefusal(400, "billing.prices.error.otherList");
    }
    const std::string fromText = request.form("from");
    if (fromText != "0" && !idParameter(fromText))
        throw PriceRefusal(400, "billing.prices.error.form");
    const int from = static_cast<int>(idParameter(fromText));

    const auto catalog = _pages.lists().book().catalog();
    const PriceForm form =
        PriceForm::read(catalog, [&](const std::string& name) { return request.form(name); });
    if (!form.ok())
        return render(request, response, 422, organization, &form, "",
                      _pages.t(request, "billing.prices.error.summary"));

    const auto result = _pages.lists().save(sdk::Actor::of(request), organization.id, from, form.prices);
    switch (result.outcome) {
    case PriceLists::Saved::NewVersion:
        return response.redirect(std::string(path) + "/" + std::to_string(organization.id) +
                                 "?saved=" + std::to_string(result.version));
    case PriceLists::Saved::Unchanged:
        return response.redirect(std::string(path) + "/" + std::to_string(organization.id) +
                                 "?saved=unchanged");
    case PriceLists::Saved::Conflict:
        // What was typed stays; the form now starts from the version saved meanwhile.
        return render(request, response, 409, organization, &form, "",
                      _pages.t(request, "billing.prices.error.conflict",
                               {{"version", std::to_string(result.version)}}));
    }
}

void LabPriceListRoutes::render(sdk::Request& request, sdk::Response& response, int status,
                                const sdk::OrganizationInfo& organization, const PriceForm* form,
                                const std::string& notice, const std::string& problem)
{
    sdk::SqlRunner& db = _pages.host().database();
    const auto list = PriceListStore::forOrganization(db, organization.id);
    const int latest = list ? list->version : 0;
    const CustomPrices current =
        list && latest ? PriceListStore::prices(db, list->id, latest) : CustomPrices();
    const auto agreed = PriceListStore::inForce(db, organization.id);

    const auto catalog = _pages.lists().book().catalog();
    sdk::Value items = sdk::Value::array();
    for (const auto& item : catalog) {
        const std::string field = PriceForm::fieldName(item.code);
        std::string value;
        std::string error;
        if (form) {
            value = form->typed.count(item.code) ? form->typed.at(item.code) : "";
            if (form->errors.count(item.code)) {
                // A currency without minor units (JPY) takes whole amounts: say so plainly.
                const int digits = sdk::currencyMinorDigits(item.currency);
                const std::string& key = form->errors.at(item.code);
                error = _pages.t(request,
                                 digits == 0 && key == "billing.prices.error.amount"
                                     ? "billing.prices.error.amountWhole"
                                     : key,
                                 {{"currency", item.currency},
                                  {"example", PricePages::amount({item.priceMinor, item.currency})},
                                  {"digits", std::to_string(digits)}});
            }
        } else if (current.count(item.code)) {
            value = PricePages::amount(current.at(item.code));
        }
        items.push(sdk::Value::object(
            {{"code", item.code},
             {"field", field},
             {"name", _pages.itemName(request, item)},
             {"defaultPrice", _pages.money(request, {item.priceMinor, item.currency})},
             {"currency", item.currency},
             {"value", value},
             {"custom", current.count(item.code) > 0},
             {"customPrice",
              current.count(item.code) ? _pages.money(request, current.at(item.code)) : std::string()},
             {"error", error},
             {"hasError", !error.empty()}}));
    }

    sdk::Value data =
        sdk::Value::object({{"organization", organization.name},
                            {"action", std::string(path) + "/" + std::to_string(organization.id)},
                            {"backHref", path},
                            {"listId", list ? list->id : 0},
                            {"from", latest},
                            {"items", items},
                            {"hasItems", items.size() > 0},
                            {"canEdit", mayEdit(request)},
                            {"notice", notice},
                            {"hasNotice", !notice.empty()},
                            {"problem", problem},
                            {"hasProblem", !problem.empty()}});
    // The hint's example is in the catalog's currency: "450.00", "1,250" yen, "1.250" dinars.
    if (!catalog.empty())
        data.set("hint", _pages.t(request, "billing.prices.lab.hint",
                                  {{"currency", catalog.front().currency},
                                   {"example", PricePages::amount({catalog.front().priceMinor,
                                                                   catalog.front().currency})}}));
    if (latest > 0) {
        const auto saved = PriceListStore::version(db, list->id, latest);
        const bool accepted = agreed && agreed->version == latest;
        data.set("latest",
                 _pages.t(request,
                          accepted ? "billing.prices.lab.latestAccepted" : "billing.prices.lab.latestWaiting",
                          {{"version", std::to_string(latest)},
                           {"time", saved ? _pages.time(request, saved->savedAt) : ""},
                           {"name", saved ? _pages.userName(saved->savedBy) : ""}}));
    } else {
        data.set("latest", _pages.t(request, "billing.prices.lab.noList"));
    }
    data.set("inForce", agreed ? _pages.t(request, "billing.prices.inForceSince",
                                          {{"version", std::to_string(agreed->version)},
                                           {"time", _pages.time(request, agreed->acceptedAt)},
                                           {"name", _pages.userName(agreed->acceptedBy)}})
                               : _pages.t(request, "billing.prices.defaultApplies"));
    response.setStatus(status);
    _pages.host().views().page(request, response, "billing/price-list-edit", "billing.prices.lab.title",
                               data);
}

} // namespace molar::billing
