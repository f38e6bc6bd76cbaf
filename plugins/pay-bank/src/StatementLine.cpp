#include "StatementLine.h"

#include "molar/sdk/Money.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include <cctype>
#include <optional>
#include <stdexcept>

namespace molar::paybank {

namespace {

bool digits(const std::string& text, std::size_t from, std::size_t count)
{
    if (from + count > text.size())
        return false;
    for (std::size_t i = from; i < from + count; ++i)
        if (!std::isdigit(static_cast<unsigned char>(text[i])))
            return false;
    return true;
}

int daysIn(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

std::string sha256Hex(const std::string& text)
{
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    engine.update(text);
    return Poco::DigestEngine::digestToHex(engine.digest());
}

} // namespace

std::string isoDate(const std::string& text)
{
    int year = 0, month = 0, day = 0;
    if (text.size() == 10 && digits(text, 0, 4) && text[4] == '-' && digits(text, 5, 2) && text[7] == '-' &&
        digits(text, 8, 2)) {
        year = std::stoi(text.substr(0, 4));
        month = std::stoi(text.substr(5, 2));
        day = std::stoi(text.substr(8, 2));
    } else if (text.size() == 10 && digits(text, 0, 2) && (text[2] == '/' || text[2] == '.') &&
               digits(text, 3, 2) && text[5] == text[2] && digits(text, 6, 4)) {
        day = std::stoi(text.substr(0, 2));
        month = std::stoi(text.substr(3, 2));
        year = std::stoi(text.substr(6, 4));
    } else {
        return "";
    }
    if (year < 1900 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month))
        return "";
    auto two = [](int n) {
        return std::string(1, static_cast<char>('0' + n / 10)) + static_cast<char>('0' + n % 10);
    };
    return std::to_string(year) + "-" + two(month) + "-" + two(day);
}

StatementLine readStatementLine(const StatementRow& row)
{
    StatementLine line;
    line.line = row.line;
    line.date = isoDate(row.date);
    if (line.date.empty())
        throw StatementError(row.line, "pay-bank.csv.date", row.date);
    for (char c : row.currency)
        line.currency += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    std::optional<std::int64_t> amount;
    try {
        amount = sdk::parseMinorUnits(row.amount, line.currency, true);
    } catch (const std::invalid_argument&) {
        throw StatementError(row.line, "pay-bank.csv.currency", row.currency);
    }
    if (!amount)
        throw StatementError(row.line, "pay-bank.csv.amount", row.amount);
    if (*amount > maxAmountMinor || *amount < -maxAmountMinor)
        throw StatementError(row.line, "pay-bank.csv.amountTooLarge", row.amount);
    line.amountMinor = *amount;
    line.description = row.description;
    line.transactionId = row.transactionId;
    line.eventId = sha256Hex(line.transactionId + "\n" + line.date + "\n" + std::to_string(line.amountMinor) +
                             "\n" + line.currency + "\n" + line.description);
    return line;
}

std::vector<StatementLine> readStatement(const std::string& csv)
{
    std::vector<StatementLine> lines;
    for (const StatementRow& row : StatementCsv::parse(csv))
        lines.push_back(readStatementLine(row));
    return lines;
}

} // namespace molar::paybank
