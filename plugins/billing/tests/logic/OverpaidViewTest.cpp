// An invoice paid more than its total (two transfers for one invoice, say) shows what was
// paid in excess as such, a positive amount, instead of a negative "Balance due": the
// money is recorded and the clinic and the lab read it plainly, on the page and the PDF.
#include "web/InvoiceView.h"

#include <cppunit/extensions/HelperMacros.h>

#include <map>

using namespace molar::billing;

class OverpaidViewTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(OverpaidViewTest);
    CPPUNIT_TEST(testAnOverpaymentIsShownAsSuch);
    CPPUNIT_TEST_SUITE_END();

public:
    void testAnOverpaymentIsShownAsSuch()
    {
        const std::map<std::string, std::string> catalog{{"billing.page.balance", "Balance due"},
                                                         {"billing.page.overpaid", "Paid in excess"}};
        const InvoicePageSettings lab;
        const InvoiceView view(
            lab,
            [catalog](const std::string& key) {
                const auto found = catalog.find(key);
                return found == catalog.end() ? key : found->second;
            },
            "UTC", false);
        Invoice invoice;
        invoice.id = 9;
        invoice.number = "INV-2026-000309";
        invoice.currency = "QAR";
        invoice.state = InvoiceState::Paid;
        invoice.subtotalMinor = invoice.totalMinor = 30000;
        invoice.paidMinor = 40000;
        const auto totals = view.totals(invoice);
        CPPUNIT_ASSERT_EQUAL(std::string("Paid in excess"), totals.back().label);
        CPPUNIT_ASSERT_EQUAL(std::string("QAR 100.00"), totals.back().amount);
        for (const auto& total : totals)
            CPPUNIT_ASSERT(total.amount.find('-') == std::string::npos);

        invoice.paidMinor = 20000;
        invoice.state = InvoiceState::PartlyPaid;
        CPPUNIT_ASSERT_EQUAL(std::string("Balance due"), view.totals(invoice).back().label);
        CPPUNIT_ASSERT_EQUAL(std::string("QAR 100.00"), view.totals(invoice).back().amount);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(OverpaidViewTest);
