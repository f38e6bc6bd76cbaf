#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace molar::paybank {

// A statement file the clerk cannot import as it is: which line, and what is wrong,
// as a catalog key ("pay-bank.csv.columns") and the values its text names.
class StatementError : public std::runtime_error
{
public:
    StatementError(int line, std::string key, std::string detail = "")
        : std::runtime_error("line " + std::to_string(line) + ": " + key +
                             (detail.empty() ? "" : " " + detail)),
          _line(line), _key(std::move(key)), _detail(std::move(detail))
    {
    }
    int line() const { return _line; }
    const std::string& key() const { return _key; }
    const std::string& detail() const { return _detail; }

private:
    int _line;
    std::string _key;
    std::string _detail;
};

// One line of a statement as the file wrote it, before its values are read.
struct StatementRow
{
    int line = 0; // where the record starts in the file, from 1
    std::string date;
    std::string amount;
    std::string currency;
    std::string description;
    std::string transactionId;
};

// Reads a bank statement exported as CSV (RFC 4180: quoted fields may hold the
// separator, quotes doubled, line breaks): columns date, amount, currency,
// description (or reference), bank transaction id, separated by commas or semicolons.
// A first line naming the columns may give them in any order (and more columns,
// which are ignored); without one they come in that order. Blank lines are skipped.
// Throws StatementError naming the line for a file it cannot read.
class StatementCsv
{
public:
    static constexpr std::size_t maxRows = 20000;
    static std::vector<StatementRow> parse(const std::string& text);
};

} // namespace molar::paybank
