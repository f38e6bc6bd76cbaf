// A bank statement as the clerk uploads it: StatementCsv::parse, each row's values
// (readStatementLine) and the pure matching against two references the portal gave out.
//
// Properties: the file is refused with a StatementError naming a line and a catalog key,
// or read into at most maxRows rows, in order, each from a line of the file, its values
// trimmed UTF-8; the same rows written back as a plain CSV read the same; a row's values
// are a real day, an amount within the limit that the SDK writes and reads back the same,
// an upper-case currency and a SHA-256 id; every line gets one outcome, and Matched only
// for a credit naming exactly one known reference in its own currency.
#include "FuzzCheck.h"

#include "StatementCsv.h"
#include "StatementLine.h"
#include "StatementMatch.h"
#include "Text.h"
#include "TransferReference.h"

#include "molar/sdk/Money.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

using namespace molar;
using namespace molar::paybank;

namespace {

// Two references the portal gave out (LLVMFuzzerInitialize).
std::map<std::string, KnownReference> knownReferences;

bool isCatalogKey(const std::string& key)
{
    static const std::set<std::string> keys{
        "pay-bank.csv.empty",          "pay-bank.csv.noLines",   "pay-bank.csv.columns",
        "pay-bank.csv.missingColumn",  "pay-bank.csv.openQuote", "pay-bank.csv.tooManyLines",
        "pay-bank.csv.date",           "pay-bank.csv.amount",    "pay-bank.csv.currency",
        "pay-bank.csv.amountTooLarge", "pay-bank.csv.notUtf8"};
    return keys.count(key) == 1;
}

// Lines of the file as a reader counts them: a line ends at \n, \r\n or a lone \r.
int physicalLines(const std::string& text)
{
    int lines = 1;
    for (std::size_t i = 0; i < text.size(); ++i)
        if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')))
            ++lines;
    return lines;
}

bool trimmed(const std::string& value)
{
    const std::string space = " \t\r\n";
    return value.empty() ||
           (space.find(value.front()) == std::string::npos && space.find(value.back()) == std::string::npos);
}

std::string quoted(const std::string& value)
{
    std::string out = "\"";
    for (char c : value)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

// The rows as a plain CSV with a header, every field quoted.
std::string written(const std::vector<StatementRow>& rows)
{
    std::string out = "date,amount,currency,description,transaction id\r\n";
    for (const auto& r : rows)
        out += quoted(r.date) + "," + quoted(r.amount) + "," + quoted(r.currency) + "," +
               quoted(r.description) + "," + quoted(r.transactionId) + "\r\n";
    return out;
}

bool sameValues(const StatementRow& a, const StatementRow& b)
{
    return a.date == b.date && a.amount == b.amount && a.currency == b.currency &&
           a.description == b.description && a.transactionId == b.transactionId;
}

bool allEmpty(const StatementRow& r)
{
    return r.date.empty() && r.amount.empty() && r.currency.empty() && r.description.empty() &&
           r.transactionId.empty();
}

void checkRows(const std::string& input, const std::vector<StatementRow>& rows)
{
    MOLAR_FUZZ_CHECK(!rows.empty() && rows.size() <= StatementCsv::maxRows, "1 to maxRows rows");
    const int lines = physicalLines(input);
    int previous = 0;
    for (const auto& row : rows) {
        MOLAR_FUZZ_CHECK(row.line > previous && row.line <= lines,
                         "rows in order, each from a line of the file");
        previous = row.line;
        for (const std::string* value :
             {&row.date, &row.amount, &row.currency, &row.description, &row.transactionId})
            MOLAR_FUZZ_CHECK(isValidUtf8(*value) && trimmed(*value), "values are trimmed UTF-8");
    }

    // Written back plainly, the same rows (a row whose five values are empty was read from
    // other columns, and is blank to a reader of only these five).
    std::vector<StatementRow> expected;
    for (const auto& row : rows)
        if (!allEmpty(row))
            expected.push_back(row);
    if (expected.empty())
        return;
    const auto again = StatementCsv::parse(written(expected));
    MOLAR_FUZZ_CHECK(again.size() == expected.size(), "the rows written back read as many rows");
    for (std::size_t i = 0; i < again.size(); ++i)
        MOLAR_FUZZ_CHECK(sameValues(again[i], expected[i]), "the rows written back read the same");
}

bool isLowerHex(const std::string& text, std::size_t size)
{
    return text.size() == size && text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

void checkLine(const StatementRow& row, const StatementLine& line)
{
    MOLAR_FUZZ_CHECK(line.line == row.line, "the row's line");
    MOLAR_FUZZ_CHECK(line.date.size() == 10 && isoDate(line.date) == line.date, "a real day as YYYY-MM-DD");
    MOLAR_FUZZ_CHECK(line.amountMinor <= maxAmountMinor && line.amountMinor >= -maxAmountMinor,
                     "an amount within the limit");
    std::string upperCurrency;
    for (char c : row.currency)
        upperCurrency += c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    MOLAR_FUZZ_CHECK(line.currency == upperCurrency, "the currency in upper case");
    const auto back =
        sdk::parseMinorUnits(sdk::formatMinorUnits(line.amountMinor, line.currency), line.currency, true);
    MOLAR_FUZZ_CHECK(back && *back == line.amountMinor, "the amount written and read back is the same");
    MOLAR_FUZZ_CHECK(isLowerHex(line.eventId, 64), "the line's id is a SHA-256");
    MOLAR_FUZZ_CHECK(line.description == row.description && line.transactionId == row.transactionId,
                     "description and transaction id as written");
}

void checkMatches(const std::vector<StatementLine>& lines)
{
    const auto lookup = [](const std::string& reference) -> std::optional<KnownReference> {
        const auto it = knownReferences.find(reference);
        return it == knownReferences.end() ? std::nullopt : std::optional<KnownReference>(it->second);
    };
    const auto matches = matchStatement(lines, lookup);
    MOLAR_FUZZ_CHECK(matches.size() == lines.size(), "one outcome per line");
    for (std::size_t i = 0; i < matches.size(); ++i) {
        const auto& m = matches[i];
        MOLAR_FUZZ_CHECK(m.line.eventId == lines[i].eventId, "the outcomes in the lines' order");
        MOLAR_FUZZ_CHECK((m.outcome == LineOutcome::NotCredit) == (m.line.amountMinor <= 0),
                         "NotCredit exactly for zero and money leaving");
        const auto found = TransferReference::findIn(m.line.description);
        if (m.outcome == LineOutcome::Matched) {
            MOLAR_FUZZ_CHECK(m.reference && m.reference->currency == m.line.currency,
                             "matched in its currency");
            std::size_t known = 0;
            for (const auto& reference : found)
                known += knownReferences.count(reference);
            MOLAR_FUZZ_CHECK(known == 1 && knownReferences.count(m.reference->reference) == 1,
                             "matched to the one known reference the description names");
        } else if (m.outcome == LineOutcome::CurrencyDiffers) {
            MOLAR_FUZZ_CHECK(m.reference && m.reference->currency != m.line.currency, "another currency");
        } else if (m.outcome == LineOutcome::RepeatedLine) {
            MOLAR_FUZZ_CHECK(m.reference && !m.detail.empty(), "a repeat names its reference and first line");
        } else {
            MOLAR_FUZZ_CHECK(!m.reference, "no reference for a line that names none known, or several");
        }
        MOLAR_FUZZ_CHECK(!outcomeName(m.outcome).empty(), "every outcome has a catalog name");
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    // MB-0123-456Z in QAR and MB-7QX4-M2KA in KWD: the seeds' descriptions quote them.
    const std::pair<std::string, std::string> given[] = {{"0123456", "QAR"}, {"7QX4M2K", "KWD"}};
    for (const auto& [symbols, currency] : given) {
        const std::string all = symbols + TransferReference::checkSymbol(symbols);
        KnownReference k;
        k.id = static_cast<std::int64_t>(knownReferences.size()) + 1;
        k.reference = "MB-" + all.substr(0, 4) + "-" + all.substr(4);
        k.attemptId = "att_" + std::to_string(k.id);
        k.amountMinor = 125050;
        k.currency = currency;
        knownReferences[k.reference] = k;
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string input(reinterpret_cast<const char*>(data), size);
    std::vector<StatementRow> rows;
    try {
        rows = StatementCsv::parse(input);
    } catch (const StatementError& e) {
        MOLAR_FUZZ_CHECK(e.line() >= 1 && e.line() <= physicalLines(input) && isCatalogKey(e.key()),
                         "a refusal names a line of the file and a catalog key");
        return 0;
    }
    checkRows(input, rows);

    std::vector<StatementLine> lines;
    for (const auto& row : rows) {
        try {
            lines.push_back(readStatementLine(row));
            checkLine(row, lines.back());
        } catch (const StatementError& e) {
            MOLAR_FUZZ_CHECK(e.line() == row.line && isCatalogKey(e.key()), "a row's refusal names its line");
        }
    }
    checkMatches(lines);
    return 0;
}
