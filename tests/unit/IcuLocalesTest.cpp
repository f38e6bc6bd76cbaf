// IcuLocales: dates, numbers, money and messages as each language writes them (CLDR data).
#include "locale/IcuLocales.h"

#include <cppunit/extensions/HelperMacros.h>

#include <stdexcept>

using molar::host::icuArgumentNames;
using molar::host::IcuLocales;
using molar::host::isIcuMessage;
namespace sdk = molar::sdk;

namespace {

// ICU separates with no-break spaces (U+00A0, U+202F); the assertions read plain ones.
std::string plainSpaces(std::string text)
{
    for (const char* space : {"\xC2\xA0", "\xE2\x80\xAF"})
        for (auto at = text.find(space); at != std::string::npos; at = text.find(space))
            text.replace(at, std::char_traits<char>::length(space), " ");
    return text;
}

// Without the direction marks (U+200E, U+200F, U+061C) Arabic amounts carry.
std::string withoutMarks(std::string text)
{
    for (const char* mark : {"\xE2\x80\x8E", "\xE2\x80\x8F", "\xD8\x9C"})
        for (auto at = text.find(mark); at != std::string::npos; at = text.find(mark))
            text.erase(at, std::char_traits<char>::length(mark));
    return text;
}

const std::int64_t dec3At2030Utc = 1796329800000; // 2026-12-03 20:30 UTC

} // namespace

class IcuLocalesTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(IcuLocalesTest);
    CPPUNIT_TEST(testMoneyHasTheCurrencysMinorDigits);
    CPPUNIT_TEST(testMoneyInEachLanguagesDigits);
    CPPUNIT_TEST(testNumbersGroupAsTheLanguageDoes);
    CPPUNIT_TEST(testDatesFallOnTheViewersDay);
    CPPUNIT_TEST(testCalendarDaysIgnoreZones);
    CPPUNIT_TEST(testPluralAndSelectMessages);
    CPPUNIT_TEST(testBadPatternsAndArguments);
    CPPUNIT_TEST(testIcuMessagesAreToldFromMustache);
    CPPUNIT_TEST(testNativeNamesAndDirection);
    CPPUNIT_TEST(testPercent);
    CPPUNIT_TEST(testMonths);
    CPPUNIT_TEST_SUITE_END();

public:
    void testMoneyHasTheCurrencysMinorDigits()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("KWD 3.250"), plainSpaces(_locales.money({3250, "KWD"}, "en")));
        CPPUNIT_ASSERT_EQUAL(std::string("BHD 0.005"), plainSpaces(_locales.money({5, "BHD"}, "en")));
        CPPUNIT_ASSERT_EQUAL(std::string("QAR 1,250.50"), plainSpaces(_locales.money({125050, "QAR"}, "en")));
        CPPUNIT_ASSERT_EQUAL(std::string("-QAR 0.05"), plainSpaces(_locales.money({-5, "QAR"}, "en")));
        CPPUNIT_ASSERT_EQUAL(std::string("¥1,250"), plainSpaces(_locales.money({1250, "JPY"}, "en")));
        // The largest amount is exact: no trip through a double.
        CPPUNIT_ASSERT_EQUAL(std::string("QAR 92,233,720,368,547,758.07"),
                             plainSpaces(_locales.money({INT64_MAX, "QAR"}, "en")));
        CPPUNIT_ASSERT_THROW(_locales.money({1, "kwd"}, "en"), std::invalid_argument);
    }

    void testMoneyInEachLanguagesDigits()
    {
        // Arabic: Arabic-Indic digits, the Arabic decimal separator, the dinar's own sign.
        const std::string arabic = withoutMarks(plainSpaces(_locales.money({3250, "KWD"}, "ar")));
        CPPUNIT_ASSERT_MESSAGE(arabic, arabic.find("٣٫٢٥٠") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(arabic, arabic.find("د.ك.") != std::string::npos);
        // Hindi and Malayalam: Latin digits, Indian grouping (lakh, crore).
        CPPUNIT_ASSERT_MESSAGE(_locales.money({123456789, "INR"}, "hi"),
                               _locales.money({123456789, "INR"}, "hi").find("12,34,567.89") !=
                                   std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(_locales.money({3250, "KWD"}, "ml"),
                               _locales.money({3250, "KWD"}, "ml").find("3.250") != std::string::npos);
        // Persian: its own digits; German: a comma before the decimals.
        CPPUNIT_ASSERT_MESSAGE(_locales.money({3250, "KWD"}, "fa"),
                               _locales.money({3250, "KWD"}, "fa").find("۳٫۲۵۰") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(_locales.money({125050, "QAR"}, "de"),
                               plainSpaces(_locales.money({125050, "QAR"}, "de")).find("1.250,50") !=
                                   std::string::npos);
    }

    void testNumbersGroupAsTheLanguageDoes()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("1,234,567"), _locales.number(1234567, "en"));
        CPPUNIT_ASSERT_EQUAL(std::string("12,34,567"), _locales.number(1234567, "hi"));
        CPPUNIT_ASSERT_EQUAL(std::string("12,34,567"), _locales.number(1234567, "ml"));
        CPPUNIT_ASSERT_EQUAL(std::string("١٬٢٣٤٬٥٦٧"), withoutMarks(_locales.number(1234567, "ar")));
        CPPUNIT_ASSERT_EQUAL(std::string("১২,৩৪,৫৬৭"), _locales.number(1234567, "bn"));
        // A language ICU does not know is written as English.
        CPPUNIT_ASSERT_EQUAL(std::string("1,234"), _locales.number(1234, ""));
    }

    void testDatesFallOnTheViewersDay()
    {
        // 20:30 UTC on 3 December is the 3rd in Doha and the 4th in Tokyo.
        CPPUNIT_ASSERT_EQUAL(std::string("Dec 3, 2026"), _locales.date(dec3At2030Utc, {"en", "Asia/Qatar"}));
        CPPUNIT_ASSERT_EQUAL(std::string("Dec 4, 2026"), _locales.date(dec3At2030Utc, {"en", "Asia/Tokyo"}));
        CPPUNIT_ASSERT_EQUAL(std::string("Dec 3, 2026, 11:30 PM"),
                             plainSpaces(_locales.dateTime(dec3At2030Utc, {"en", "Asia/Qatar"})));
        const std::string hindi = _locales.dateTime(dec3At2030Utc, {"hi", "Asia/Kolkata"});
        CPPUNIT_ASSERT_MESSAGE(hindi, hindi.find("4 दिस॰ 2026") != std::string::npos);
        const std::string arabic = _locales.date(dec3At2030Utc, {"ar", "Asia/Qatar"}, sdk::DateStyle::Long);
        CPPUNIT_ASSERT_MESSAGE(arabic, arabic.find("ديسمبر") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(arabic, arabic.find("٢٠٢٦") != std::string::npos);
        // An unknown zone is UTC rather than a failure.
        CPPUNIT_ASSERT_EQUAL(std::string("Dec 3, 2026"), _locales.date(dec3At2030Utc, {"en", "Mars/Base"}));
    }

    void testCalendarDaysIgnoreZones()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("Feb 29, 2028"), _locales.day(2028, 2, 29, "en"));
        CPPUNIT_ASSERT_EQUAL(std::string("29 févr. 2028"), plainSpaces(_locales.day(2028, 2, 29, "fr")));
        CPPUNIT_ASSERT_THROW(_locales.day(2026, 2, 29, "en"), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(_locales.day(2026, 13, 1, "en"), std::invalid_argument);
    }

    void testPluralAndSelectMessages()
    {
        const std::string days = "{n, plural, one {# day} other {# days}}";
        CPPUNIT_ASSERT_EQUAL(std::string("1 day"),
                             _locales.format(days, "en", sdk::Value::object({{"n", 1}})));
        CPPUNIT_ASSERT_EQUAL(std::string("7 days"),
                             _locales.format(days, "en", sdk::Value::object({{"n", "7"}})));
        CPPUNIT_ASSERT_EQUAL(std::string("1,500 days"),
                             _locales.format(days, "en", sdk::Value::object({{"n", 1500}})));
        // Russian has four forms, Arabic six; each number takes its own.
        const std::string russian = "{n, plural, one {# день} few {# дня} many {# дней} other {# дня}}";
        CPPUNIT_ASSERT_EQUAL(std::string("21 день"),
                             _locales.format(russian, "ru", sdk::Value::object({{"n", 21}})));
        CPPUNIT_ASSERT_EQUAL(std::string("3 дня"),
                             _locales.format(russian, "ru", sdk::Value::object({{"n", 3}})));
        CPPUNIT_ASSERT_EQUAL(std::string("11 дней"),
                             _locales.format(russian, "ru", sdk::Value::object({{"n", 11}})));
        const std::string arabic =
            "{n, plural, zero {لا أيام} one {يوم} two {يومان} few {# أيام} many {# يوماً} other "
            "{# يوم}}";
        CPPUNIT_ASSERT_EQUAL(std::string("يومان"),
                             _locales.format(arabic, "ar", sdk::Value::object({{"n", 2}})));
        CPPUNIT_ASSERT_EQUAL(std::string("٣ أيام"),
                             withoutMarks(_locales.format(arabic, "ar", sdk::Value::object({{"n", 3}}))));
        CPPUNIT_ASSERT_EQUAL(std::string("١١ يوماً"),
                             withoutMarks(_locales.format(arabic, "ar", sdk::Value::object({{"n", 11}}))));
        // Select, and plain arguments left as they are (a case number is not grouped).
        const std::string side = "{side, select, lab {The lab} other {The clinic}} moved case {number}";
        CPPUNIT_ASSERT_EQUAL(
            std::string("The lab moved case 261203-0042"),
            _locales.format(side, "en", sdk::Value::object({{"side", "lab"}, {"number", "261203-0042"}})));
        CPPUNIT_ASSERT_EQUAL(
            std::string("The clinic moved case 12345"),
            _locales.format(side, "en", sdk::Value::object({{"side", "x"}, {"number", 12345}})));
    }

    void testBadPatternsAndArguments()
    {
        CPPUNIT_ASSERT_THROW(_locales.format("{n, plural, one {# day}", "en", sdk::Value::object()),
                             std::invalid_argument);
        CPPUNIT_ASSERT_THROW(_locales.format("{n, plural, one {# day} other {# days}}", "en",
                                             sdk::Value::object({{"n", "seven"}})),
                             std::invalid_argument);
    }

    void testIcuMessagesAreToldFromMustache()
    {
        CPPUNIT_ASSERT(isIcuMessage("for {n, plural, one {# day} other {# days}}"));
        CPPUNIT_ASSERT(isIcuMessage("{ side ,select, lab {x} other {y}}"));
        CPPUNIT_ASSERT(!isIcuMessage("Case {{number}} received"));
        CPPUNIT_ASSERT(!isIcuMessage("{{#t}}cases.stage.{{stage}}{{/t}}, {{count}}"));
        CPPUNIT_ASSERT(!isIcuMessage("Plain text, with a comma"));
        const std::vector<std::string> names{"packName", "failures", "label"};
        CPPUNIT_ASSERT(
            names == icuArgumentNames(
                         "{packName}: {failures, plural, one {# time} other {# times}} {label} {failures}"));
    }

    void testNativeNamesAndDirection()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("हिन्दी"), _locales.nativeName("hi"));
        CPPUNIT_ASSERT_EQUAL(std::string("മലയാളം"), _locales.nativeName("ml"));
        CPPUNIT_ASSERT_EQUAL(std::string("العربية"), _locales.nativeName("ar"));
        CPPUNIT_ASSERT_EQUAL(std::string("Português (Brasil)"), _locales.nativeName("pt-BR"));
        CPPUNIT_ASSERT_EQUAL(std::string("Français"), _locales.nativeName("fr"));
        for (const char* rtl : {"ar", "ur", "fa"})
            CPPUNIT_ASSERT_MESSAGE(rtl, _locales.rightToLeft(rtl));
        for (const char* ltr : {"en", "hi", "ml", "zh-Hans", "tr"})
            CPPUNIT_ASSERT_MESSAGE(ltr, !_locales.rightToLeft(ltr));
    }

    void testPercent()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("25%"), _locales.percent(0.25, "en"));
        CPPUNIT_ASSERT_EQUAL(std::string("66.67%"), _locales.percent(2.0 / 3.0, "en"));
        CPPUNIT_ASSERT_EQUAL(std::string("12.25%"), _locales.percent(0.1225, "en")); // a tax rate
        CPPUNIT_ASSERT_EQUAL(std::string("%25"), _locales.percent(0.25, "tr"));
    }

    void testMonths()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("December 2026"), _locales.month(2026, 12, "en"));
        CPPUNIT_ASSERT_EQUAL(std::string("décembre 2026"), _locales.month(2026, 12, "fr"));
        CPPUNIT_ASSERT_EQUAL(std::string("2026年12月"), _locales.month(2026, 12, "zh-Hans"));
        // Arabic's month name (May) and digits (2026).
        const std::string arabic = _locales.month(2026, 5, "ar");
        CPPUNIT_ASSERT_MESSAGE(arabic, arabic.find("\u0645\u0627\u064a\u0648") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(arabic, arabic.find("\u0662\u0660\u0662\u0666") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::string("January 2027"), _locales.month(2027, 1, "en"));
        CPPUNIT_ASSERT_THROW(_locales.month(2026, 13, "en"), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(_locales.month(2026, 0, "en"), std::invalid_argument);
    }

private:
    IcuLocales _icu{"Asia/Qatar"};
    sdk::Locales& _locales = _icu;
};

CPPUNIT_TEST_SUITE_REGISTRATION(IcuLocalesTest);
