#include "disputes/DisputeWords.h"

namespace molar::billing {

std::string DisputeWords::respondBy(const InvoiceView& view, const Dispute& dispute,
                                    const std::string& labZone)
{
    if (dispute.evidenceDueAt <= 0 || dispute.state != "open")
        return {};
    return view.t("billing.dispute.respondBy", {{"due", view.dateTime(dispute.evidenceDueAt, labZone)}});
}

std::string DisputeWords::reason(const InvoiceView& view, const Dispute& dispute)
{
    if (dispute.reason.empty())
        return {};
    const std::string key = "billing.dispute.reason." + dispute.reason;
    const std::string known = view.t(key);
    if (known != key)
        return known;
    std::string words = dispute.reason;
    for (char& c : words)
        if (c == '_')
            c = ' ';
    return words;
}

} // namespace molar::billing
