#include "invoices/Invoice.h"

#include <algorithm>

namespace molar::billing {

namespace {

struct StateName
{
    InvoiceState state;
    const char* code;
};
const StateName kStates[] = {{InvoiceState::Draft, "draft"},
                             {InvoiceState::Issued, "issued"},
                             {InvoiceState::PartlyPaid, "partly_paid"},
                             {InvoiceState::Paid, "paid"},
                             {InvoiceState::Void, "void"},
                             {InvoiceState::Overdue, "overdue"}};

struct KindName
{
    LineKind kind;
    const char* code;
};
const KindName kKinds[] = {{LineKind::Item, "item"},
                           {LineKind::RemakeCredit, "remake_credit"},
                           {LineKind::ExpediteFee, "expedite_fee"},
                           {LineKind::ManualCredit, "manual_credit"}};

} // namespace

std::string stateCode(InvoiceState state)
{
    for (const auto& s : kStates)
        if (s.state == state)
            return s.code;
    return "draft";
}

std::optional<InvoiceState> stateFromCode(const std::string& code)
{
    for (const auto& s : kStates)
        if (code == s.code)
            return s.state;
    return std::nullopt;
}

bool isOpen(InvoiceState state)
{
    return state == InvoiceState::Issued || state == InvoiceState::PartlyPaid ||
           state == InvoiceState::Overdue;
}

std::string lineKindCode(LineKind kind)
{
    for (const auto& k : kKinds)
        if (k.kind == kind)
            return k.code;
    return "item";
}

std::optional<LineKind> lineKindFromCode(const std::string& code)
{
    for (const auto& k : kKinds)
        if (code == k.code)
            return k.kind;
    return std::nullopt;
}

std::vector<std::int64_t> Invoice::caseIds() const
{
    std::vector<std::int64_t> ids;
    auto add = [&ids](std::int64_t id) {
        if (id > 0 && std::find(ids.begin(), ids.end(), id) == ids.end())
            ids.push_back(id);
    };
    add(caseId);
    for (const auto& line : lines)
        add(line.caseId);
    return ids;
}

} // namespace molar::billing
