#include "BareCasePage.h"

#include <algorithm>
#include <map>

namespace km = kainjow::mustache;

namespace molar::bench {

ViewData caseSummary(const CaseListSetup& setup, const CaseRows& rows, std::size_t r, icu::DateFormat& format,
                     std::int64_t now, bool labViewer, bool& overdue)
{
    const std::string id = std::to_string(rows.id[r]);
    const std::string& status = rows.status[r];
    const std::string stage = setup.stageLabel(rows.stage[r]);
    ViewData row(ViewData::type::object);
    row.set("id", id);
    row.set("href", "/cases/" + id);
    row.set("number", viewText(rows.number[r]));
    row.set("isDraft", status == "draft");
    row.set("patientRef", viewText(rows.patientRef[r]));
    row.set("product", viewText(setup.productName(rows.product[r])));
    row.set("status", viewText(status));
    // A clinic sees its cases' stages, the lab their statuses.
    row.set("statusLabel", viewText(labViewer ? setup.statusLabel(status) : stage));
    row.set("stageLabel", viewText(stage));
    row.set("created", viewText(zonedTime(format, rows.createdAt[r])));
    row.set("createdStamp", viewText(utcStamp(rows.createdAt[r])));
    row.set("updated", viewText(zonedTime(format, rows.updatedAt[r])));
    row.set("updatedStamp", viewText(utcStamp(rows.updatedAt[r])));
    const std::int64_t due = rows.dueAt[r];
    overdue = false;
    if (!due) {
        row.set("eta", false);
        return row;
    }
    // PageSupport::isOverdue: late unless the state is unknown or terminal, or the case is on its way.
    const auto state = setup.states.find(rows.workflow[r] + "/" + status);
    overdue =
        state != setup.states.end() && !state->second && rows.stage[r] != "out_for_delivery" && due < now;
    ViewData eta(ViewData::type::object);
    eta.set("due", viewText(zonedTime(format, due)));
    eta.set("dueStamp", viewText(utcStamp(due)));
    eta.set("overdue", overdue);
    row.set("eta", eta);
    return row;
}

CaseListPage::Data CaseListPage::listData(const CasePageRequest& request, const CaseRows& rows,
                                          const StageCounts& counts, icu::DateFormat& format,
                                          std::int64_t now) const
{
    const std::string& status = request.status;
    const std::size_t shown = std::min(rows.size(), static_cast<std::size_t>(CasePageSize));
    Data cases(Data::type::list);
    bool overdue = false;
    for (std::size_t r = 0; r < shown; ++r)
        cases.push_back(caseSummary(_setup, rows, r, format, now, false, overdue));

    // Quick filters: the count of every stage that has cases, in the clinic stages' order.
    std::map<std::string, std::int64_t> byStage;
    std::int64_t total = 0;
    for (std::size_t i = 0; i < counts.stage.size(); ++i) {
        byStage[counts.stage[i]] = counts.count[i];
        total += counts.count[i];
    }
    Data quick(Data::type::list);
    Data all(Data::type::object);
    all.set("label", _setup.allLabel);
    all.set("count", std::to_string(total));
    all.set("href", "/cases");
    all.set("current", status.empty());
    quick.push_back(all);
    Data statuses(Data::type::list);
    for (const auto& stage : _setup.clinicStages) {
        const auto count = byStage.find(stage.code);
        if (count != byStage.end()) {
            Data item(Data::type::object);
            item.set("label", viewText(stage.name));
            item.set("count", std::to_string(count->second));
            item.set("href", "/cases?status=" + stage.code);
            item.set("current", status == stage.code);
            quick.push_back(item);
        }
        Data option(Data::type::object);
        option.set("value", stage.code);
        option.set("label", viewText(stage.name));
        option.set("selected", status == stage.code);
        statuses.push_back(option);
    }
    Data products(Data::type::list);
    for (const auto& product : _setup.products) {
        Data option(Data::type::object);
        option.set("value", product.code);
        option.set("label", viewText(product.name));
        option.set("selected", false);
        products.push_back(option);
    }
    Data filters(Data::type::object);
    filters.set("status", viewText(status));
    for (const char* name : {"q", "product", "createdFrom", "createdTo", "updatedFrom", "updatedTo"})
        filters.set(name, false);

    std::string nextHref;
    if (rows.size() > shown) {
        nextHref = "/cases?" + (status.empty() ? std::string() : "status=" + status + "&") +
                   "after=" + std::to_string(rows.updatedAt[shown - 1]) + "." +
                   std::to_string(rows.id[shown - 1]);
    }
    Data data(Data::type::object);
    // Every list gains a flag hasThings before rendering, as PageSupport::page adds them.
    data.set("hasCases", shown > 0);
    data.set("cases", cases);
    data.set("empty", shown == 0);
    data.set("hasQuick", true);
    data.set("quick", quick);
    data.set("hasStatuses", !_setup.clinicStages.empty());
    data.set("statuses", statuses);
    data.set("hasProducts", !_setup.products.empty());
    data.set("products", products);
    data.set("filters", filters);
    data.set("errors", Data(Data::type::object));
    data.set("nextHref", viewText(nextHref));
    data.set("firstHref", request.query.afterId ? km::data("/cases") : km::data(false));
    data.set("deleted", false);
    return data;
}

} // namespace molar::bench
