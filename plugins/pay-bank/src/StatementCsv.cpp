#include "StatementCsv.h"

#include "Text.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

namespace molar::paybank {

namespace {

struct Record
{
    int line = 0;
    std::vector<std::string> fields;
};

// Splits the whole text into records with `separator`; a quote left open throws.
std::vector<Record> records(const std::string& text, char separator)
{
    std::vector<Record> out;
    std::size_t i = 0;
    int line = 1;
    while (i < text.size()) {
        Record record;
        record.line = line;
        std::string field;
        bool endOfRecord = false;
        while (!endOfRecord) {
            if (i < text.size() && text[i] == '"') {
                const int opened = line;
                ++i;
                bool closed = false;
                while (i < text.size()) {
                    if (text[i] == '"') {
                        if (i + 1 < text.size() && text[i + 1] == '"') {
                            field += '"';
                            i += 2;
                            continue;
                        }
                        ++i;
                        closed = true;
                        break;
                    }
                    if (text[i] == '\n')
                        ++line;
                    field += text[i++];
                }
                if (!closed)
                    throw StatementError(opened, "pay-bank.csv.openQuote");
            }
            while (i < text.size() && text[i] != separator && text[i] != '\n' && text[i] != '\r')
                field += text[i++];
            record.fields.push_back(field);
            field.clear();
            if (i >= text.size()) {
                endOfRecord = true;
            } else if (text[i] == separator) {
                ++i;
            } else {
                if (text[i] == '\r')
                    ++i;
                if (i < text.size() && text[i] == '\n')
                    ++i;
                ++line;
                endOfRecord = true;
            }
        }
        out.push_back(std::move(record));
    }
    return out;
}

std::string trim(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return "";
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

std::string lower(std::string text)
{
    for (char& c : text)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

bool blank(const Record& record)
{
    return std::all_of(record.fields.begin(), record.fields.end(),
                       [](const std::string& f) { return trim(f).empty(); });
}

enum Column
{
    Date,
    Amount,
    Currency,
    Description,
    TransactionId,
    ColumnCount
};

const std::array<const char*, ColumnCount> columnNames = {"date", "amount", "currency", "description",
                                                          "transaction id"};

// The column a header cell names, if any: the names banks commonly use.
std::optional<Column> columnNamed(const std::string& cell)
{
    std::string name;
    for (char c : lower(trim(cell)))
        name += c == '_' || c == '-' ? ' ' : c;
    if (name == "date" || name == "value date" || name == "booking date" || name == "transaction date")
        return Date;
    if (name == "amount" || name == "credit" || name == "credit amount")
        return Amount;
    if (name == "currency" || name == "ccy")
        return Currency;
    if (name == "description" || name == "reference" || name == "reference/description" ||
        name == "details" || name == "narrative" || name == "remittance information" ||
        name == "payment details")
        return Description;
    if (name == "transaction id" || name == "bank transaction id" || name == "transaction reference" ||
        name == "id" || name == "bank reference")
        return TransactionId;
    return std::nullopt;
}

} // namespace

std::vector<StatementRow> StatementCsv::parse(const std::string& input)
{
    std::string text = input;
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) // a byte order mark from spreadsheet programs
        text.erase(0, 3);
    if (trim(text).empty())
        throw StatementError(1, "pay-bank.csv.empty");

    // Commas unless the first line splits into five columns only with semicolons.
    std::vector<Record> rows = records(text, ',');
    const auto first = std::find_if(rows.begin(), rows.end(), [](const Record& r) { return !blank(r); });
    if (first != rows.end() && first->fields.size() < ColumnCount) {
        auto bySemicolon = records(text, ';');
        const auto other =
            std::find_if(bySemicolon.begin(), bySemicolon.end(), [](const Record& r) { return !blank(r); });
        if (other != bySemicolon.end() && other->fields.size() >= ColumnCount)
            rows = std::move(bySemicolon);
    }

    std::array<std::size_t, ColumnCount> where = {0, 1, 2, 3, 4};
    bool header = false;
    std::vector<StatementRow> out;
    for (const Record& record : rows) {
        if (blank(record))
            continue;
        for (const std::string& field : record.fields)
            if (!isValidUtf8(field))
                throw StatementError(record.line, "pay-bank.csv.notUtf8");
        if (!header && out.empty()) {
            // The first line is a header when any of its cells names a column.
            std::array<std::optional<std::size_t>, ColumnCount> named;
            bool any = false;
            for (std::size_t i = 0; i < record.fields.size(); ++i) {
                if (auto column = columnNamed(record.fields[i])) {
                    any = true;
                    if (!named[*column])
                        named[*column] = i;
                }
            }
            if (any) {
                for (std::size_t c = 0; c < ColumnCount; ++c) {
                    if (!named[c])
                        throw StatementError(record.line, "pay-bank.csv.missingColumn", columnNames[c]);
                    where[c] = *named[c];
                }
                header = true;
                continue;
            }
        }
        const std::size_t needed = *std::max_element(where.begin(), where.end()) + 1;
        if (record.fields.size() < needed)
            throw StatementError(record.line, "pay-bank.csv.columns", std::to_string(record.fields.size()));
        if (out.size() >= maxRows)
            throw StatementError(record.line, "pay-bank.csv.tooManyLines", std::to_string(maxRows));
        StatementRow row;
        row.line = record.line;
        row.date = trim(record.fields[where[Date]]);
        row.amount = trim(record.fields[where[Amount]]);
        row.currency = trim(record.fields[where[Currency]]);
        row.description = trim(record.fields[where[Description]]);
        row.transactionId = trim(record.fields[where[TransactionId]]);
        out.push_back(std::move(row));
    }
    if (out.empty())
        throw StatementError(1, "pay-bank.csv.noLines");
    return out;
}

} // namespace molar::paybank
