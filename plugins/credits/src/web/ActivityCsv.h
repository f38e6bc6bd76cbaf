#pragma once

#include "ledger/LedgerEntry.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace molar::credits {

// The words of the activity download, already in the viewer's language.
struct ActivityCsvWords
{
    // Date and time, kind, amount, balance after, case number, reason, by.
    std::vector<std::string> header;
    std::map<std::string, std::string> kinds; // "topup" -> "Top-up"; a kind not listed shows as it is
    std::string system;                       // "by" of an entry no person made
    // An entry's reason in the viewer's words (reasonText); unset: as stored.
    std::function<std::string(const LedgerEntry&)> reason;
};

// The ledger entries as a spreadsheet reads them (RFC 4180): UTF-8 with a byte order mark,
// a header row, CRLF line ends, fields with a comma, quote or line break quoted and quotes
// doubled. Times in `timeZone`; amounts as signed decimals without thousands separators
// ("-1250.50"). Text that a spreadsheet would run as a formula (=, +, -, @ first) is
// prefixed with an apostrophe.
std::string activityCsv(const std::vector<LedgerEntry>& entries, const ActivityCsvWords& words,
                        const std::string& timeZone);

// One field, quoted when it must be.
std::string csvField(const std::string& text);

} // namespace molar::credits
