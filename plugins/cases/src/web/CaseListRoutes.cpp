#include "web/CaseListRoutes.h"

#include "store/CaseNumbers.h"
#include "store/FieldCodec.h"
#include "web/RequestParams.h"

#include <algorithm>
#include <cctype>

namespace molar::cases {
namespace {

std::string lower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

} // namespace

void CaseListRoutes::registerRoutes(sdk::Routes& routes)
{
    routes.add("GET", "/cases", sdk::Access::Clinic, [this](sdk::Request& request, sdk::Response& response) {
        _pages.guarded(request, [&] { list(request, response); });
    });
}

void CaseListRoutes::list(sdk::Request& request, sdk::Response& response)
{
    const auto& principal = *request.principal();
    const Catalog& catalog = _pages.service().catalog();
    const std::string zone = _pages.zone(request);
    CaseListQuery query;
    query.organizationId = principal.organizationId;
    query.ownerUserId = principal.role == "owner" || principal.role == "staff" ? 0 : principal.userId;

    sdk::Value errors = sdk::Value::object();
    const std::string status = request.query("status");
    const std::string product = request.query("product");
    const std::string search = request.query("q");
    // Clinics filter by the stages they know; "status" names one.
    if (!status.empty()) {
        query.stage = status;
        query.stageStatuses = _pages.service().statusesOfStage(status);
    }
    if (!product.empty()) {
        if (!catalog.product(product))
            errors.set("product", _pages.t(request, "cases.error.product"));
        query.products = {product};
    }
    // One search box: a case number, else a patient reference prefix or a product name.
    std::string searchTrimmed = search;
    searchTrimmed.erase(0, searchTrimmed.find_first_not_of(' '));
    searchTrimmed.erase(searchTrimmed.find_last_not_of(' ') + 1);
    if (!searchTrimmed.empty()) {
        std::string upper = searchTrimmed;
        std::transform(upper.begin(), upper.end(), upper.begin(),
                       [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
        if (looksLikeCaseNumber(_pages.service().settings().numberPrefix, upper)) {
            query.number = upper;
        } else {
            std::vector<std::string> matching;
            for (const auto& p : catalog.products())
                if (lower(p.name).find(lower(searchTrimmed)) != std::string::npos)
                    matching.push_back(p.code);
            if (!matching.empty() && query.products.empty())
                query.products = matching;
            else
                query.patientPrefix = searchTrimmed.substr(0, 64);
        }
    }
    const std::pair<const char*, std::int64_t*> dates[] = {{"createdFrom", &query.createdFrom},
                                                           {"createdTo", &query.createdTo},
                                                           {"updatedFrom", &query.updatedFrom},
                                                           {"updatedTo", &query.updatedTo}};
    sdk::Value filterValues = sdk::Value::object({{"q", search}, {"status", status}, {"product", product}});
    for (const auto& [name, target] : dates) {
        bool valid = true;
        const std::string text = request.query(name);
        filterValues.set(name, text);
        *target = localDateToUtc(text, zone, valid);
        if (!valid)
            errors.set(name, _pages.t(request, "cases.error.date"));
    }
    // "To" dates include the whole day.
    if (query.createdTo)
        query.createdTo += 24 * 3600;
    if (query.updatedTo)
        query.updatedTo += 24 * 3600;
    if (!request.query("after").empty() &&
        !parseCursor(request.query("after"), query.afterUpdatedAt, query.afterId))
        errors.set("after", _pages.t(request, "cases.error.cursor"));

    std::vector<CaseRecord> rows;
    const bool valid = errors.size() == 0;
    if (valid) {
        query.limit = 26; // one more than shown tells whether a next page exists
        rows = CaseStore::list(_host.database(), query);
    }
    const bool more = rows.size() > 25;
    if (more)
        rows.resize(25);
    sdk::Value items = sdk::Value::array();
    for (const auto& r : rows)
        items.push(_pages.summary(request, r));

    // Quick filters: counts by clinic stage, in the stages' order.
    const auto counts = CaseStore::countByStage(_host.database(), query.organizationId, query.ownerUserId);
    sdk::Value quick = sdk::Value::array();
    std::int64_t total = 0;
    for (const auto& [s, n] : counts)
        total += n;
    quick.push(sdk::Value::object({{"label", _pages.t(request, "cases.list.all")},
                                   {"count", total},
                                   {"href", "/cases"},
                                   {"current", status.empty()}}));
    sdk::Value statusOptions = sdk::Value::array();
    for (const auto& s : _pages.service().clinicStages()) {
        const auto it = counts.find(s);
        if (it != counts.end())
            quick.push(sdk::Value::object({{"label", _pages.stageLabel(request, s)},
                                           {"count", it->second},
                                           {"href", "/cases?status=" + s},
                                           {"current", status == s}}));
        statusOptions.push(sdk::Value::object(
            {{"value", s}, {"label", _pages.stageLabel(request, s)}, {"selected", status == s}}));
    }
    sdk::Value productOptions = sdk::Value::array();
    for (const auto& p : catalog.products())
        productOptions.push(
            sdk::Value::object({{"value", p.code}, {"label", p.name}, {"selected", product == p.code}}));

    std::string nextHref;
    if (more) {
        std::string params;
        for (const char* name :
             {"q", "status", "product", "createdFrom", "createdTo", "updatedFrom", "updatedTo"}) {
            const std::string value = request.query(name);
            if (value.empty())
                continue;
            params += std::string(name) + "=" + percentEncode(value) + "&";
        }
        nextHref = "/cases?" + params + "after=" + formatCursor(rows.back().updatedAt, rows.back().id);
    }
    if (!valid)
        response.setStatus(400);
    _pages.page(request, response, "list", "cases.list.title",
                sdk::Value::object({{"cases", items},
                                    {"empty", items.size() == 0},
                                    {"quick", quick},
                                    {"statuses", statusOptions},
                                    {"products", productOptions},
                                    {"filters", filterValues},
                                    {"errors", errors},
                                    {"nextHref", nextHref},
                                    {"firstHref", request.query("after").empty() ? "" : "/cases"},
                                    {"deleted", request.query("deleted") == "1"}}));
}

} // namespace molar::cases
