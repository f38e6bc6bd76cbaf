#include "patient/PatientRules.h"

#include <algorithm>
#include <cctype>

namespace molar::cases {
namespace {

bool digits(const std::string& text, std::size_t from, std::size_t count)
{
    return std::all_of(text.begin() + static_cast<std::ptrdiff_t>(from),
                       text.begin() + static_cast<std::ptrdiff_t>(from + count),
                       [](unsigned char c) { return std::isdigit(c); });
}

bool isLeapYear(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

// A calendar date written YYYY-MM-DD, February 29th only in leap years.
bool isDate(const std::string& text)
{
    if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !digits(text, 0, 4) || !digits(text, 5, 2) ||
        !digits(text, 8, 2))
        return false;
    const int year = std::stoi(text.substr(0, 4));
    const int month = std::stoi(text.substr(5, 2));
    const int day = std::stoi(text.substr(8, 2));
    static const int lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12 || day < 1)
        return false;
    return day <= lengths[month - 1] + (month == 2 && isLeapYear(year) ? 1 : 0);
}

std::size_t codePoints(const std::string& text)
{
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](unsigned char c) { return (c & 0xC0) != 0x80; }));
}

} // namespace

std::string genderError(const std::string& gender)
{
    return gender.empty() || gender == "female" || gender == "male" || gender == "other"
               ? ""
               : "cases.error.gender";
}

std::string birthDateError(const std::string& date, const std::string& today)
{
    if (date.empty())
        return "";
    if (!isDate(date))
        return "cases.error.birthDate";
    // Both written YYYY-MM-DD: their order is the order of their text.
    if (date > today)
        return "cases.error.birthDateFuture";
    if (date < "1900-01-01")
        return "cases.error.birthDateTooEarly";
    return "";
}

bool isCountryCode(const std::string& code)
{
    return code.size() == 2 &&
           std::all_of(code.begin(), code.end(), [](unsigned char c) { return c >= 'A' && c <= 'Z'; });
}

std::string countryError(const std::string& code, const std::vector<std::string>& countries)
{
    if (code.empty() || std::find(countries.begin(), countries.end(), code) != countries.end())
        return "";
    return "cases.error.country";
}

std::string nameError(const std::string& name, bool required)
{
    if (name.empty())
        return required ? "cases.error.lastName" : "";
    return codePoints(name) > 100 ? "cases.error.tooLong" : "";
}

} // namespace molar::cases
