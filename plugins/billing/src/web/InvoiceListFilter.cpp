#include "web/InvoiceListFilter.h"

#include <algorithm>
#include <cctype>

namespace molar::billing {

std::int64_t idFromText(const std::string& text)
{
    if (text.empty() || text.size() > 18)
        return 0;
    for (const char c : text)
        if (!std::isdigit(static_cast<unsigned char>(c)))
            return 0;
    return std::stoll(text);
}

std::vector<InvoiceState> filterStates(bool lab)
{
    std::vector<InvoiceState> states;
    if (lab)
        states.push_back(InvoiceState::Draft);
    for (const InvoiceState s : {InvoiceState::Issued, InvoiceState::PartlyPaid, InvoiceState::Overdue,
                                 InvoiceState::Paid, InvoiceState::Void})
        states.push_back(s);
    return states;
}

InvoiceListFilter InvoiceListFilter::read(const std::string& state, const std::string& before,
                                          const std::string& organization, bool lab)
{
    InvoiceListFilter filter;
    if (!state.empty()) {
        const auto code = stateFromCode(state);
        const auto offered = filterStates(lab);
        if (!code || std::find(offered.begin(), offered.end(), *code) == offered.end()) {
            filter.error = "billing.page.error.state";
            return filter;
        }
        filter.query.states = {*code};
    }
    if (!before.empty() && (filter.query.beforeId = idFromText(before)) == 0) {
        filter.error = "billing.page.error.cursor";
        return filter;
    }
    // A clinic's list is its own organization's: the parameter is not read there.
    if (lab && !organization.empty() && (filter.query.organizationId = idFromText(organization)) == 0)
        filter.error = "billing.page.error.organization";
    return filter;
}

std::string InvoiceListFilter::nextQuery(std::int64_t nextBeforeId) const
{
    // Every value is digits or a state's code (letters and '_'): nothing to encode.
    std::string next = "?before=" + std::to_string(nextBeforeId);
    if (!query.states.empty())
        next += "&state=" + stateCode(query.states.front());
    if (query.organizationId != 0)
        next += "&organization=" + std::to_string(query.organizationId);
    return next;
}

} // namespace molar::billing
