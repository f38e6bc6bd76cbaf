// Money in integer minor units: each currency's own digits, refusals a person can
// make typing an amount, grouping, and the round trip of what is written.
#include "molar/sdk/Money.h"

#include <cppunit/extensions/HelperMacros.h>

#include <limits>
#include <stdexcept>

using namespace molar::sdk;

class MoneyTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(MoneyTest);
    CPPUNIT_TEST(testMinorDigitsFollowIso4217);
    CPPUNIT_TEST(testNoCurrencyCodeIsRefused);
    CPPUNIT_TEST(testParsesWithTheCurrencysDigits);
    CPPUNIT_TEST(testRefusesMoreDecimalsThanTheCurrencyHas);
    CPPUNIT_TEST(testRefusesWhatIsNoAmount);
    CPPUNIT_TEST(testRefusesAmountsBeyondInt64);
    CPPUNIT_TEST(testNegativeOnlyWhenAllowed);
    CPPUNIT_TEST(testFormatsWithGroupingAndDigits);
    CPPUNIT_TEST(testRoundTrip);
    CPPUNIT_TEST_SUITE_END();

    static std::optional<std::int64_t> parse(const std::string& text, const std::string& currency,
                                             bool allowNegative = false)
    {
        return parseMinorUnits(text, currency, allowNegative);
    }

public:
    void testMinorDigitsFollowIso4217()
    {
        CPPUNIT_ASSERT_EQUAL(0, currencyMinorDigits("JPY"));
        CPPUNIT_ASSERT_EQUAL(2, currencyMinorDigits("QAR"));
        CPPUNIT_ASSERT_EQUAL(3, currencyMinorDigits("KWD"));
        CPPUNIT_ASSERT_EQUAL(2, currencyMinorDigits("INR"));
        CPPUNIT_ASSERT_EQUAL(3, currencyMinorDigits("BHD"));
        CPPUNIT_ASSERT_EQUAL(2, currencyMinorDigits("EUR"));
        CPPUNIT_ASSERT_EQUAL(0, currencyMinorDigits("KRW"));
        CPPUNIT_ASSERT_EQUAL(3, currencyMinorDigits("OMR"));
    }

    void testNoCurrencyCodeIsRefused()
    {
        CPPUNIT_ASSERT_THROW(currencyMinorDigits(""), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(currencyMinorDigits("QA"), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(currencyMinorDigits("QARS"), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(currencyMinorDigits("qar"), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(currencyMinorDigits("Q4R"), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(parseMinorUnits("1", "riyal"), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(formatMinorUnits(1, "$"), std::invalid_argument);
    }

    void testParsesWithTheCurrencysDigits()
    {
        CPPUNIT_ASSERT_EQUAL(std::int64_t(125050), *parse("1,250.5", "QAR"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(125050), *parse("1250.50", "QAR"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(125000), *parse("1250", "QAR"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(5), *parse("0.05", "QAR"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1250), *parse("1,250", "JPY"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1250), *parse("1.25", "KWD"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1250), *parse("1.250", "KWD"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), *parse("0.001", "BHD"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1234567890), *parse("12,345,678.90", "INR"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(700), *parse("  7 ", "QAR"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), *parse("0", "JPY"));
    }

    void testRefusesMoreDecimalsThanTheCurrencyHas()
    {
        CPPUNIT_ASSERT(!parse("1.234", "QAR"));
        CPPUNIT_ASSERT(!parse("5.0", "JPY"));
        CPPUNIT_ASSERT(!parse("5.5", "JPY"));
        CPPUNIT_ASSERT(!parse("1.2345", "KWD"));
        CPPUNIT_ASSERT(!parse("1.001", "INR"));
    }

    void testRefusesWhatIsNoAmount()
    {
        for (const char* text :
             {"",     "   ",  "abc",    "12a",     "1e3",   "0x10", "1.2.3", ".5",    "5.", "1,25.00",
              ",125", "125,", "1,,250", "12,3456", "1 250", "+5",   "--5",   "QAR 5", "٥",  "1.-5"})
            CPPUNIT_ASSERT_MESSAGE(text, !parse(text, "QAR", true));
    }

    void testRefusesAmountsBeyondInt64()
    {
        CPPUNIT_ASSERT_EQUAL(std::numeric_limits<std::int64_t>::max(), *parse("9223372036854775807", "JPY"));
        CPPUNIT_ASSERT(!parse("9223372036854775808", "JPY"));
        CPPUNIT_ASSERT(!parse("99999999999999999999999", "JPY"));
        // 92233720368547758.07 QAR is the largest; one more minor unit overflows.
        CPPUNIT_ASSERT_EQUAL(std::numeric_limits<std::int64_t>::max(), *parse("92233720368547758.07", "QAR"));
        CPPUNIT_ASSERT(!parse("92233720368547758.08", "QAR"));
        CPPUNIT_ASSERT(!parse("92233720368547759", "QAR"));
        CPPUNIT_ASSERT_EQUAL(std::numeric_limits<std::int64_t>::min(),
                             *parse("-9223372036854775808", "JPY", true));
        CPPUNIT_ASSERT(!parse("-9223372036854775809", "JPY", true));
    }

    void testNegativeOnlyWhenAllowed()
    {
        CPPUNIT_ASSERT(!parse("-5", "QAR"));
        CPPUNIT_ASSERT(!parse("-0.50", "QAR"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(-500), *parse("-5", "QAR", true));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(-125050), *parse("-1,250.50", "QAR", true));
        CPPUNIT_ASSERT(!parse("-", "QAR", true));
    }

    void testFormatsWithGroupingAndDigits()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("1,250.50"), formatMinorUnits(125050, "QAR"));
        CPPUNIT_ASSERT_EQUAL(std::string("1,250"), formatMinorUnits(1250, "JPY"));
        CPPUNIT_ASSERT_EQUAL(std::string("1.250"), formatMinorUnits(1250, "KWD"));
        CPPUNIT_ASSERT_EQUAL(std::string("0.05"), formatMinorUnits(5, "QAR"));
        CPPUNIT_ASSERT_EQUAL(std::string("0.005"), formatMinorUnits(5, "BHD"));
        CPPUNIT_ASSERT_EQUAL(std::string("0.00"), formatMinorUnits(0, "INR"));
        CPPUNIT_ASSERT_EQUAL(std::string("0"), formatMinorUnits(0, "JPY"));
        CPPUNIT_ASSERT_EQUAL(std::string("-0.05"), formatMinorUnits(-5, "QAR"));
        CPPUNIT_ASSERT_EQUAL(std::string("-1,000"), formatMinorUnits(-1000, "JPY"));
        CPPUNIT_ASSERT_EQUAL(std::string("999.99"), formatMinorUnits(99999, "QAR"));
        CPPUNIT_ASSERT_EQUAL(std::string("1,000,000.000"), formatMinorUnits(1000000000, "KWD"));
        CPPUNIT_ASSERT_EQUAL(std::string("92,233,720,368,547,758.07"),
                             formatMinorUnits(std::numeric_limits<std::int64_t>::max(), "QAR"));
        CPPUNIT_ASSERT_EQUAL(std::string("-9,223,372,036,854,775,808"),
                             formatMinorUnits(std::numeric_limits<std::int64_t>::min(), "JPY"));
        CPPUNIT_ASSERT_EQUAL(std::string("QAR 1,250.50"), formatMoney({125050, "QAR"}));
        CPPUNIT_ASSERT_EQUAL(std::string("JPY 1,250"), formatMoney({1250, "JPY"}));
    }

    void testRoundTrip()
    {
        const std::int64_t amounts[] = {0,
                                        1,
                                        9,
                                        10,
                                        99,
                                        100,
                                        999,
                                        1000,
                                        1001,
                                        123456,
                                        999999999,
                                        -1,
                                        -12345,
                                        100000,
                                        987654321,
                                        1000000000,
                                        5000000000000,
                                        std::numeric_limits<std::int64_t>::max(),
                                        std::numeric_limits<std::int64_t>::min()};
        for (const char* currency : {"JPY", "QAR", "KWD", "INR", "BHD", "CLF"})
            for (std::int64_t minor : amounts) {
                const std::string text = formatMinorUnits(minor, currency);
                auto back = parseMinorUnits(text, currency, true);
                CPPUNIT_ASSERT_MESSAGE(text + " " + currency, back.has_value());
                CPPUNIT_ASSERT_EQUAL_MESSAGE(text + " " + currency, minor, *back);
            }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(MoneyTest);
