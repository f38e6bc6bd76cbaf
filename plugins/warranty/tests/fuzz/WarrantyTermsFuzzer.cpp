// What a visitor types on the verify page and the days a warranty is made of:
// normalizeCheckCode and sameCheckCode on the typed code, addMonths and warrantyStateOn on
// a day and a term.
//
// Input: three lines: a check code as typed, a day (YYYY-MM-DD or anything), a number
// of months (digits, or anything).
//
// Properties: a code is read as eight letters of the printed alphabet or as nothing, and
// reads back as itself; it matches itself however it is typed (lower case, a dash, spaces)
// and no other code; a day on the calendar plus a term is a day on the calendar, in the
// month the term leads to, on the same day of the month or the month's last; a warranty
// is valid before its expiry day and expired on it.
#include "FuzzCheck.h"

#include "terms/CheckCode.h"
#include "terms/WarrantyTerm.h"

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

using namespace molar::warranty;

namespace {

void checkCode(const std::string& typed)
{
    const std::string code = normalizeCheckCode(typed);
    if (code.empty()) {
        MOLAR_FUZZ_CHECK(!sameCheckCode("ABCD2345", typed), "what reads as no code matches no code");
        return;
    }
    MOLAR_FUZZ_CHECK(code.size() == 8, "a code is eight characters");
    for (char c : code)
        MOLAR_FUZZ_CHECK(std::isupper(static_cast<unsigned char>(c)) || (c >= '2' && c <= '9'),
                         "a code holds upper-case letters and the digits 2 to 9");
    MOLAR_FUZZ_CHECK(normalizeCheckCode(code) == code, "a code reads back as itself");
    MOLAR_FUZZ_CHECK(sameCheckCode(code, typed), "a code matches itself as typed");
    std::string lower = printedCheckCode(code);
    for (auto& c : lower)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    MOLAR_FUZZ_CHECK(sameCheckCode(code, " " + lower + " "),
                     "a code matches itself in lower case with its dash");
    std::string other = code;
    other[7] = other[7] == 'Z' ? 'Y' : 'Z';
    MOLAR_FUZZ_CHECK(!sameCheckCode(other, typed), "a code matches no other");
}

int monthsFrom(const std::string& text)
{
    if (text.empty() || text.size() > 4 || text.find_first_not_of("0123456789") != std::string::npos)
        return -1;
    return std::stoi(text);
}

void checkDays(const std::string& day, const std::string& monthsText)
{
    const int months = monthsFrom(monthsText);
    if (!isCalendarDay(day) || months < 0 || std::stoi(day.substr(0, 4)) + months / 12 > 9998) {
        if (!isCalendarDay(day)) {
            bool refused = false;
            try {
                addMonths(day, 1);
            } catch (const std::invalid_argument&) {
                refused = true;
            }
            MOLAR_FUZZ_CHECK(refused, "a day that is none is refused");
        }
        return;
    }
    const std::string expires = addMonths(day, months);
    MOLAR_FUZZ_CHECK(isCalendarDay(expires), "a day plus a term is a day");
    const int monthIndex = std::stoi(day.substr(0, 4)) * 12 + std::stoi(day.substr(5, 2)) - 1 + months;
    MOLAR_FUZZ_CHECK(std::stoi(expires.substr(0, 4)) == monthIndex / 12 &&
                         std::stoi(expires.substr(5, 2)) == monthIndex % 12 + 1,
                     "the term leads to its month");
    const int dayOfMonth = std::stoi(day.substr(8, 2));
    const int expiryDay = std::stoi(expires.substr(8, 2));
    MOLAR_FUZZ_CHECK(
        expiryDay == dayOfMonth ||
            (expiryDay < dayOfMonth && !isCalendarDay(expires.substr(0, 8) + (expiryDay + 1 < 10 ? "0" : "") +
                                                      std::to_string(expiryDay + 1))),
        "the same day of the month, or the month's last");
    if (months > 0) {
        MOLAR_FUZZ_CHECK(warrantyStateOn(day, expires, false) == WarrantyState::Valid,
                         "valid on its first day");
        MOLAR_FUZZ_CHECK(warrantyStateOn(expires, expires, false) == WarrantyState::Expired,
                         "expired on its expiry day");
    }
    MOLAR_FUZZ_CHECK(warrantyStateOn(day, expires, true) == WarrantyState::Void, "void whatever the day");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const auto lines = molar::test::fuzzInputLines(std::string(reinterpret_cast<const char*>(data), size), 3);
    checkCode(lines[0]);
    checkDays(lines[1], lines[2]);
    return 0;
}
