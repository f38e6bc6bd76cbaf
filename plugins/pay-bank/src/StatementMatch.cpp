#include "StatementMatch.h"

#include "TransferReference.h"

#include <map>

namespace molar::paybank {

std::string outcomeName(LineOutcome outcome)
{
    switch (outcome) {
    case LineOutcome::Matched:
        return "matched";
    case LineOutcome::NotCredit:
        return "notCredit";
    case LineOutcome::NoReference:
        return "noReference";
    case LineOutcome::UnknownReference:
        return "unknownReference";
    case LineOutcome::CurrencyDiffers:
        return "currencyDiffers";
    case LineOutcome::RepeatedLine:
        return "repeatedLine";
    case LineOutcome::SeveralReferences:
        return "severalReferences";
    }
    return "noReference";
}

std::vector<LineMatch>
matchStatement(const std::vector<StatementLine>& lines,
               const std::function<std::optional<KnownReference>(const std::string&)>& lookup)
{
    std::vector<LineMatch> out;
    std::map<std::string, int> seen; // event id -> first line
    for (const StatementLine& line : lines) {
        LineMatch match;
        match.line = line;
        const auto first = seen.emplace(line.eventId, line.line);
        const auto found = TransferReference::findIn(line.description);
        if (line.amountMinor <= 0) {
            match.outcome = LineOutcome::NotCredit;
        } else if (found.empty()) {
            match.outcome = LineOutcome::NoReference;
        } else {
            std::vector<KnownReference> known;
            for (const std::string& reference : found)
                if (auto k = lookup(reference))
                    known.push_back(*k);
            if (!known.empty())
                match.reference = known.front();
            if (!match.reference) {
                match.outcome = LineOutcome::UnknownReference;
                match.detail = found.front();
            } else if (known.size() > 1) {
                match.outcome = LineOutcome::SeveralReferences;
                for (const auto& k : known)
                    match.detail += (match.detail.empty() ? "" : ", ") + k.reference;
                match.reference.reset();
            } else if (match.reference->currency != line.currency) {
                match.outcome = LineOutcome::CurrencyDiffers;
                match.detail = match.reference->currency;
            } else if (!first.second) {
                match.outcome = LineOutcome::RepeatedLine;
                match.detail = std::to_string(first.first->second);
            } else {
                match.outcome = LineOutcome::Matched;
            }
        }
        out.push_back(std::move(match));
    }
    return out;
}

} // namespace molar::paybank
