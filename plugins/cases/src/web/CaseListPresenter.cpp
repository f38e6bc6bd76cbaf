#include "web/CaseListPresenter.h"

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

void CaseListPresenter::read(const Fields& params)
{
    _params = params;
    _query = CaseListQuery{};
    _errors = sdk::Value::object();
    const std::string status = params("status");
    const std::string product = params("product");
    const std::string search = params("q");
    // Clinics filter by the stages they know; "status" names one.
    if (!status.empty()) {
        _query.stage = status;
        _query.stageStatuses = _options.statusesOfStage(status);
    }
    if (!product.empty()) {
        if (!_options.catalog.product(product))
            _errors.set("product", _words.t("cases.error.product"));
        _query.products = {product};
    }
    readSearch(search);
    // "To" dates take in the whole local day, however long the clocks make it.
    const struct
    {
        const char* name;
        std::int64_t* target;
        bool end;
    } dates[] = {{"createdFrom", &_query.createdFrom, false},
                 {"createdTo", &_query.createdTo, true},
                 {"updatedFrom", &_query.updatedFrom, false},
                 {"updatedTo", &_query.updatedTo, true}};
    _filters = sdk::Value::object({{"q", search}, {"status", status}, {"product", product}});
    for (const auto& date : dates) {
        bool valid = true;
        const std::string text = params(date.name);
        _filters.set(date.name, text);
        *date.target = date.end ? localDayEndToUtc(text, _zone, valid) : localDateToUtc(text, _zone, valid);
        if (!valid)
            _errors.set(date.name, _words.t("cases.error.date"));
    }
    if (!params("after").empty() && !parseCursor(params("after"), _query.afterUpdatedAt, _query.afterId))
        _errors.set("after", _words.t("cases.error.cursor"));
    _query.limit = pageSize + 1;
}

// One search box: a case number, else a product name, else a patient reference prefix.
void CaseListPresenter::readSearch(const std::string& search)
{
    std::string text = search;
    text.erase(0, text.find_first_not_of(' '));
    text.erase(text.find_last_not_of(' ') + 1);
    if (text.empty())
        return;
    std::string upper = text;
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (looksLikeCaseNumber(_options.numberPrefix, upper)) {
        _query.number = upper;
        return;
    }
    std::vector<std::string> matching;
    for (const auto& p : _options.catalog.products())
        if (lower(p.name).find(lower(text)) != std::string::npos ||
            lower(_words.name("cases.productName." + p.code, p.name)).find(lower(text)) != std::string::npos)
            matching.push_back(p.code);
    if (!matching.empty() && _query.products.empty())
        _query.products = matching;
    else
        _query.patientPrefix = text.substr(0, 64);
}

sdk::Value CaseListPresenter::view(std::vector<CaseRecord> rows,
                                   const std::map<std::string, std::int64_t>& countsByStage,
                                   const std::function<sdk::Value(const CaseRecord&)>& row) const
{
    const std::string status = _params ? _params("status") : std::string();
    const std::string product = _params ? _params("product") : std::string();
    const bool more = rows.size() > static_cast<std::size_t>(pageSize);
    if (more)
        rows.resize(pageSize);
    sdk::Value::Array items;
    items.reserve(rows.size());
    for (const auto& r : rows)
        items.push_back(row(r));

    // Quick filters: counts by clinic stage, in the stages' order.
    sdk::Value quick = sdk::Value::array();
    std::int64_t total = 0;
    for (const auto& [s, n] : countsByStage)
        total += n;
    quick.push(sdk::Value::object({{"label", _words.t("cases.list.all")},
                                   {"count", total},
                                   {"href", "/cases"},
                                   {"current", status.empty()}}));
    sdk::Value statusOptions = sdk::Value::array();
    for (const auto& s : _options.clinicStages) {
        const std::string label = _words.label("cases.stage.", s);
        const auto it = countsByStage.find(s);
        if (it != countsByStage.end())
            quick.push(sdk::Value::object({{"label", label},
                                           {"count", it->second},
                                           {"href", "/cases?status=" + s},
                                           {"current", status == s}}));
        statusOptions.push(sdk::Value::object({{"value", s}, {"label", label}, {"selected", status == s}}));
    }
    sdk::Value productOptions = sdk::Value::array();
    for (const auto& p : _options.catalog.products())
        productOptions.push(sdk::Value::object({{"value", p.code},
                                                {"label", _words.name("cases.productName." + p.code, p.name)},
                                                {"selected", product == p.code}}));

    std::string nextHref;
    if (more) {
        std::string params;
        for (const char* name :
             {"q", "status", "product", "createdFrom", "createdTo", "updatedFrom", "updatedTo"}) {
            const std::string value = _params(name);
            if (!value.empty())
                params += std::string(name) + "=" + percentEncode(value) + "&";
        }
        nextHref = "/cases?" + params + "after=" + formatCursor(rows.back().updatedAt, rows.back().id);
    }
    const bool firstPage = !_params || _params("after").empty();
    // The lists are moved in: an initializer list would copy every row.
    sdk::Value::Object page;
    page.reserve(10);
    page.emplace_back("empty", items.size() == 0);
    page.emplace_back("cases", std::move(items));
    page.emplace_back("quick", std::move(quick));
    page.emplace_back("statuses", std::move(statusOptions));
    page.emplace_back("products", std::move(productOptions));
    page.emplace_back("filters", _filters);
    page.emplace_back("errors", _errors);
    page.emplace_back("nextHref", nextHref);
    page.emplace_back("firstHref", firstPage ? "" : "/cases");
    page.emplace_back("deleted", _params && _params("deleted") == "1");
    return sdk::Value(std::move(page));
}

} // namespace molar::cases
