#include "web/ActivityFilter.h"

#include "web/LocalTime.h"

#include <algorithm>

namespace molar::credits {

const std::vector<std::string>& ActivityFilter::kinds()
{
    static const std::vector<std::string> all{EntryKind::TopUp, EntryKind::Debit, EntryKind::DebitReturn,
                                              EntryKind::TopUpRefund, EntryKind::Adjustment};
    return all;
}

ActivityFilter ActivityFilter::read(const std::string& kind, const std::string& from, const std::string& to,
                                    const std::string& before, const std::string& timeZone)
{
    ActivityFilter filter;
    filter.kind = kind;
    filter.from = from;
    filter.to = to;
    filter.before = before;
    if (!kind.empty()) {
        if (std::find(kinds().begin(), kinds().end(), kind) == kinds().end())
            filter.errors["kind"] = "credits.activity.error.kind";
        else
            filter.ledger.kind = kind;
    }
    if (!from.empty()) {
        if (const auto start = LocalTime::startOfDay(from, timeZone))
            filter.ledger.fromMs = *start;
        else
            filter.errors["from"] = "credits.activity.error.date";
    }
    if (!to.empty()) {
        if (const auto end = LocalTime::endOfDay(to, timeZone))
            filter.ledger.toMs = *end;
        else
            filter.errors["to"] = "credits.activity.error.date";
    }
    if (filter.ledger.fromMs != 0 && filter.ledger.toMs != 0 && filter.ledger.toMs <= filter.ledger.fromMs) {
        filter.errors["to"] = "credits.activity.error.order";
        filter.ledger.toMs = 0;
    }
    if (!before.empty()) {
        if (before.size() > 18 || before.find_first_not_of("0123456789") != std::string::npos)
            filter.errors["before"] = "credits.activity.error.cursor";
        else
            filter.ledger.beforeId = std::stoll(before);
    }
    return filter;
}

std::string ActivityFilter::query() const
{
    // Only values that were read back as valid: letters, digits and '-' and '_', nothing to encode.
    std::string out;
    const auto add = [&out](const char* name, const std::string& value) {
        if (!value.empty())
            out += (out.empty() ? "" : "&") + std::string(name) + "=" + value;
    };
    add("kind", ledger.kind);
    add("from", ledger.fromMs != 0 ? from : std::string());
    add("to", ledger.toMs != 0 ? to : std::string());
    return out;
}

} // namespace molar::credits
