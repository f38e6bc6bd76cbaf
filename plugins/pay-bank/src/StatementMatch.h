#pragma once

#include "KnownReference.h"
#include "StatementLine.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace molar::paybank {

enum class LineOutcome
{
    Matched,
    NotCredit,        // zero or money leaving the account
    NoReference,      // no transfer reference in the description
    UnknownReference, // a reference the portal never gave out
    CurrencyDiffers,  // the reference asks for another currency
    RepeatedLine,     // the same line again in the same file
    SeveralReferences // one transfer for several references: the clerk splits it by hand
};

// "matched", "notCredit", ...: the catalogs' pay-bank.reason.<name>.
std::string outcomeName(LineOutcome outcome);

struct LineMatch
{
    StatementLine line;
    LineOutcome outcome = LineOutcome::NoReference;
    std::optional<KnownReference> reference; // Matched, CurrencyDiffers, RepeatedLine
    std::string detail;                      // the unknown reference, the expected currency, the first line
};

// Which reference each line pays, and why a line pays none. `lookup` finds a
// reference the portal gave out (canonical form). A description quoting two or more
// references the portal knows pays none of them: how the amount splits is for the
// clerk to say.
std::vector<LineMatch>
matchStatement(const std::vector<StatementLine>& lines,
               const std::function<std::optional<KnownReference>(const std::string&)>& lookup);

} // namespace molar::paybank
