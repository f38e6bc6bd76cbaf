#pragma once

#include "disputes/Disputes.h"
#include "web/InvoiceView.h"

#include <string>

namespace molar::billing {

// A dispute's deadline and reason in the reader's words, for the disputes page and the
// dashboard alike.
struct DisputeWords
{
    // "Respond by 2026-05-20 02:59" in the lab's time zone (the deadline is the lab's to
    // meet); "" when the provider told none (yet).
    static std::string respondBy(const InvoiceView& view, const Dispute& dispute, const std::string& labZone);
    // The catalog's billing.dispute.reason.<word>, else the provider's word with spaces
    // ("bank cannot process"); "" when not known.
    static std::string reason(const InvoiceView& view, const Dispute& dispute);
};

} // namespace molar::billing
