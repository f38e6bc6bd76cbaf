// Invoice arithmetic without a database: tax on the total rounded half away from zero
// in integers, overflow refused, numbers, the lab's year and date, the tax setting.
#include "invoices/InvoiceMath.h"
#include "invoices/InvoiceSettings.h"

#include "molar/sdk/Errors.h"
#include "molar/sdk/testing/MapConfig.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace molar::billing;

class InvoiceMathTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(InvoiceMathTest);
    CPPUNIT_TEST(taxRoundsHalfAwayFromZero);
    CPPUNIT_TEST(lineAmountsRefuseOverflow);
    CPPUNIT_TEST(numbersHaveSixDigitsAndTheYear);
    CPPUNIT_TEST(theYearAndDateAreTheZones);
    CPPUNIT_TEST(theTaxRateIsBasisPointsFromZeroToTenThousand);
    CPPUNIT_TEST_SUITE_END();

public:
    void taxRoundsHalfAwayFromZero()
    {
        CPPUNIT_ASSERT_EQUAL(std::int64_t(50), taxOn(1005, 500));   // 50.25
        CPPUNIT_ASSERT_EQUAL(std::int64_t(51), taxOn(1010, 500));   // 50.5
        CPPUNIT_ASSERT_EQUAL(std::int64_t(50), taxOn(999, 500));    // 49.95
        CPPUNIT_ASSERT_EQUAL(std::int64_t(-51), taxOn(-1010, 500)); // a credit's tax mirrors a charge's
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), taxOn(123456, 0));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(123456), taxOn(123456, 10000));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), taxOn(1, 5000)); // 0.5
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), taxOn(1, 4999));
        // The largest invoice at the largest rate stays exact.
        CPPUNIT_ASSERT_EQUAL(kMaxAmountMinor, taxOn(kMaxAmountMinor, 10000));
    }

    void lineAmountsRefuseOverflow()
    {
        CPPUNIT_ASSERT_EQUAL(std::int64_t(999), *lineAmount(3, 333));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(-2550), *lineAmount(1, -2550));
        CPPUNIT_ASSERT(lineAmount(1, kMaxAmountMinor));
        CPPUNIT_ASSERT(!lineAmount(1, kMaxAmountMinor + 1));
        CPPUNIT_ASSERT(!lineAmount(2, kMaxAmountMinor / 2 + 1));
        CPPUNIT_ASSERT(!lineAmount(1000, INT64_MAX / 100));
        CPPUNIT_ASSERT(!lineAmount(-1, 100));
    }

    void numbersHaveSixDigitsAndTheYear()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("INV-2026-000042"), invoiceNumber(2026, 42));
        CPPUNIT_ASSERT_EQUAL(std::string("INV-2027-999999"), invoiceNumber(2027, 999999));
        CPPUNIT_ASSERT_EQUAL(std::string("INV-2027-1000000"), invoiceNumber(2027, 1000000));
    }

    void theYearAndDateAreTheZones()
    {
        const std::int64_t newYearsEveUtc = 1798752600000LL; // 2026-12-31T21:30Z
        CPPUNIT_ASSERT_EQUAL(2026, yearInZone(newYearsEveUtc, "UTC"));
        CPPUNIT_ASSERT_EQUAL(2027, yearInZone(newYearsEveUtc, "Asia/Qatar"));
        CPPUNIT_ASSERT_EQUAL(2026, yearInZone(newYearsEveUtc, "America/New_York"));
        CPPUNIT_ASSERT_EQUAL(2026, yearInZone(newYearsEveUtc, "No/Such_Zone"));
        CPPUNIT_ASSERT_EQUAL(std::string("2027-01-01"), dateInZone(newYearsEveUtc, "Asia/Qatar"));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-12-31"), dateInZone(newYearsEveUtc, ""));
    }

    void theTaxRateIsBasisPointsFromZeroToTenThousand()
    {
        molar::sdk::testing::MapConfig none({}, "billing");
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), InvoiceSettings::read(none).taxRateBasisPoints);
        molar::sdk::testing::MapConfig five({{"taxRateBasisPoints", "500"}}, "billing");
        CPPUNIT_ASSERT_EQUAL(std::int64_t(500), InvoiceSettings::read(five).taxRateBasisPoints);
        CPPUNIT_ASSERT(five.unreadKeys().empty());
        for (const char* bad : {"10001", "-1", "5.5", "five"}) {
            molar::sdk::testing::MapConfig config({{"taxRateBasisPoints", bad}}, "billing");
            try {
                InvoiceSettings::read(config);
                CPPUNIT_FAIL(std::string("accepted ") + bad);
            } catch (const molar::sdk::ConfigError& e) {
                CPPUNIT_ASSERT_EQUAL(std::string("billing.taxRateBasisPoints"), e.key());
            }
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(InvoiceMathTest);
