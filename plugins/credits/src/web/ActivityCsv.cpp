#include "web/ActivityCsv.h"

#include "web/LocalTime.h"

#include "molar/sdk/Money.h"

#include <stdexcept>

namespace molar::credits {

namespace {

// A decimal a spreadsheet takes as a number: the currency's minor digits, no grouping.
std::string decimal(std::int64_t minor, const std::string& currency)
{
    std::string text;
    try {
        text = sdk::formatMinorUnits(minor, currency);
    } catch (const std::invalid_argument&) {
        text = std::to_string(minor);
    }
    std::string out;
    for (const char c : text)
        if (c != ',')
            out += c;
    return out;
}

// Typed text (a reason, a name) that would start a formula in a spreadsheet stays text.
std::string inert(const std::string& text)
{
    if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' ||
                          text[0] == '\t' || text[0] == '\r'))
        return "'" + text;
    return text;
}

void row(std::string& out, const std::vector<std::string>& fields)
{
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0)
            out += ',';
        out += csvField(fields[i]);
    }
    out += "\r\n";
}

} // namespace

std::string csvField(const std::string& text)
{
    if (text.find_first_of(",\"\r\n") == std::string::npos)
        return text;
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
    return out;
}

std::string activityCsv(const std::vector<LedgerEntry>& entries, const ActivityCsvWords& words,
                        const std::string& timeZone)
{
    std::string out = "\xEF\xBB\xBF";
    row(out, words.header);
    for (const LedgerEntry& entry : entries) {
        const auto kind = words.kinds.find(entry.kind);
        std::string by = entry.actorName;
        if (by.empty() && entry.actorUserId == 0)
            by = words.system;
        row(out,
            {LocalTime::dateTime(entry.createdAt, timeZone),
             kind == words.kinds.end() ? entry.kind : kind->second,
             decimal(entry.amountMinor, entry.currency), decimal(entry.balanceAfterMinor, entry.currency),
             inert(entry.caseNumber), inert(words.reason ? words.reason(entry) : entry.reason), inert(by)});
    }
    return out;
}

} // namespace molar::credits
