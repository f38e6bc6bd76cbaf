#pragma once

#include "catalog/Catalog.h"
#include "store/CaseStore.h"
#include "web/Fields.h"
#include "web/Words.h"

#include "molar/sdk/Value.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace molar::cases {

// What My cases offers: the catalog's products, the clinic stages in their order and
// the statuses behind each stage, the case numbers' prefix.
struct CaseListOptions
{
    const Catalog& catalog;
    std::string numberPrefix;
    std::vector<std::string> clinicStages;
    std::function<std::vector<std::string>(const std::string&)> statusesOfStage;
};

// My cases without HTTP: reads the list's parameters (q, status, product, the four
// dates, after) into a query and what is wrong with them, then turns a page of rows
// and the counts by stage into the list page's data (quick filters, filter choices,
// the next page's address).
class CaseListPresenter
{
public:
    static constexpr int pageSize = 25;

    // `zone`: the viewer's time zone, in which the dates are days.
    CaseListPresenter(const CaseListOptions& options, const Words& words, std::string zone)
        : _options(options), _words(words), _zone(std::move(zone))
    {
    }

    // Reads the parameters; the query asks for one row more than a page, which tells
    // whether a next page exists. Organization and owner are the caller's to set.
    void read(const Fields& params);
    const CaseListQuery& query() const { return _query; }
    bool valid() const { return _errors.size() == 0; }
    // Field -> message, in the viewer's words.
    const sdk::Value& errors() const { return _errors; }

    // The page's data. `rows`: what the query found (up to a page and one); `row`: a
    // case as one row of the list.
    sdk::Value view(std::vector<CaseRecord> rows, const std::map<std::string, std::int64_t>& countsByStage,
                    const std::function<sdk::Value(const CaseRecord&)>& row) const;

private:
    void readSearch(const std::string& search);

    const CaseListOptions& _options;
    const Words& _words;
    std::string _zone;
    Fields _params;
    CaseListQuery _query;
    sdk::Value _errors = sdk::Value::object();
    sdk::Value _filters = sdk::Value::object();
};

} // namespace molar::cases
