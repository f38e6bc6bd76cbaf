// The invoice lists' filters as a reader types them: a state the list offers, a cursor
// and (the lab's list) an organization, each digits only; the next page keeps them.
#include "web/InvoiceListFilter.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace molar::billing;

class InvoiceListFilterTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(InvoiceListFilterTest);
    CPPUNIT_TEST(testNothingTypedFiltersNothing);
    CPPUNIT_TEST(testEveryValueRead);
    CPPUNIT_TEST(testClinicsNeverFilterDrafts);
    CPPUNIT_TEST(testCursorsAndOrganizationsAreDigitsOnly);
    CPPUNIT_TEST(testTheNextPageKeepsTheFilters);
    CPPUNIT_TEST_SUITE_END();

public:
    void testNothingTypedFiltersNothing()
    {
        const auto filter = InvoiceListFilter::read("", "", "", true);
        CPPUNIT_ASSERT(filter.error.empty());
        CPPUNIT_ASSERT(filter.query.states.empty());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), filter.query.beforeId);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), filter.query.organizationId);
    }

    void testEveryValueRead()
    {
        const auto filter = InvoiceListFilter::read("partly_paid", "120", "7", true);
        CPPUNIT_ASSERT(filter.error.empty());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), filter.query.states.size());
        CPPUNIT_ASSERT(filter.query.states[0] == InvoiceState::PartlyPaid);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(120), filter.query.beforeId);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(7), filter.query.organizationId);
        // A clinic's list is its own organization's: the parameter is not read.
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0),
                             InvoiceListFilter::read("", "", "7", false).query.organizationId);
        CPPUNIT_ASSERT(InvoiceListFilter::read("", "", "x", false).error.empty());
    }

    void testClinicsNeverFilterDrafts()
    {
        CPPUNIT_ASSERT(InvoiceListFilter::read("draft", "", "", true).error.empty());
        CPPUNIT_ASSERT_EQUAL(std::string("billing.page.error.state"),
                             InvoiceListFilter::read("draft", "", "", false).error);
        CPPUNIT_ASSERT_EQUAL(std::string("billing.page.error.state"),
                             InvoiceListFilter::read("Paid", "", "", false).error);
    }

    void testCursorsAndOrganizationsAreDigitsOnly()
    {
        for (const std::string bad : {"0", "-1", "+5", "1e3", " 12", "12 ", "0x1F", "1234567890123456789"})
            CPPUNIT_ASSERT_EQUAL_MESSAGE(bad, std::string("billing.page.error.cursor"),
                                         InvoiceListFilter::read("", bad, "", true).error);
        CPPUNIT_ASSERT_EQUAL(std::string("billing.page.error.organization"),
                             InvoiceListFilter::read("", "5", "abc", true).error);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(999999999999999999),
                             InvoiceListFilter::read("", "999999999999999999", "", true).query.beforeId);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(12), idFromText("000012"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), idFromText("12.pdf"));
    }

    void testTheNextPageKeepsTheFilters()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("?before=40&state=overdue&organization=3"),
                             InvoiceListFilter::read("overdue", "90", "3", true).nextQuery(40));
        CPPUNIT_ASSERT_EQUAL(std::string("?before=40"),
                             InvoiceListFilter::read("", "", "", false).nextQuery(40));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(InvoiceListFilterTest);
