// An invoice in a viewer's words without HTTP: days in their zone, amounts in the
// currency's digits, tax rates as percentages, lines and totals as page and PDF show them,
// and the lab's month for the dashboard.
#include "web/InvoiceView.h"
#include "web/BillingDashboardRoutes.h"

#include <cppunit/extensions/HelperMacros.h>

#include <map>

using namespace molar::billing;

namespace {

// Words from a small catalog; a missing key comes back as itself, as the host's does.
InvoiceView::Translate words(std::map<std::string, std::string> catalog)
{
    return [catalog](const std::string& key) {
        const auto found = catalog.find(key);
        return found == catalog.end() ? key : found->second;
    };
}

Invoice crownInvoice()
{
    Invoice invoice;
    invoice.id = 7;
    invoice.number = "INV-2026-000042";
    invoice.currency = "KWD";
    invoice.state = InvoiceState::PartlyPaid;
    invoice.subtotalMinor = 11250;
    invoice.taxRateBasisPoints = 250;
    invoice.taxMinor = 281;
    invoice.totalMinor = 11531;
    invoice.paidMinor = 5000;
    invoice.issuedAt = 1780270200000; // 2026-05-31 23:30 UTC: 02:30 on 1 June in Qatar
    invoice.dueAt = 1782851400000;
    InvoiceLine item;
    item.kind = LineKind::Item;
    item.caseNumber = "TR-260531-1A4F";
    item.itemCode = "zirconia_crown";
    item.description = "Zirconia crown";
    item.quantity = 2;
    item.unitMinor = 6250;
    item.amountMinor = 12500;
    InvoiceLine credit;
    credit.kind = LineKind::RemakeCredit;
    credit.caseNumber = "TR-260520-0B2C";
    credit.unitMinor = -1250;
    credit.amountMinor = -1250;
    credit.reason = "shade mismatch";
    invoice.lines = {item, credit};
    return invoice;
}

} // namespace

class InvoiceViewTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(InvoiceViewTest);
    CPPUNIT_TEST(testPercent);
    CPPUNIT_TEST(testDaysInTheViewersZone);
    CPPUNIT_TEST(testLinesInTheViewersWords);
    CPPUNIT_TEST(testTotalsWithTheCurrencysDigits);
    CPPUNIT_TEST(testDocumentForThePdf);
    CPPUNIT_TEST(testTheLabsMonth);
    CPPUNIT_TEST_SUITE_END();

    InvoicePageSettings _lab;

public:
    void setUp() override
    {
        _lab.labName = "Molar Dental Lab";
        _lab.labAddress = {"Building 12", "Doha"};
        _lab.labPhone = "+974 4000 1234";
        _lab.labEmail = "billing@lab.example";
    }

    void testPercent()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("0%"), InvoiceView::percent(0));
        CPPUNIT_ASSERT_EQUAL(std::string("5%"), InvoiceView::percent(500));
        CPPUNIT_ASSERT_EQUAL(std::string("2.5%"), InvoiceView::percent(250));
        CPPUNIT_ASSERT_EQUAL(std::string("12.25%"), InvoiceView::percent(1225));
        CPPUNIT_ASSERT_EQUAL(std::string("0.05%"), InvoiceView::percent(5));
        CPPUNIT_ASSERT_EQUAL(std::string("100%"), InvoiceView::percent(10000));
    }

    void testDaysInTheViewersZone()
    {
        const InvoiceView qatar(_lab, words({}), "Asia/Qatar", false);
        const InvoiceView utc(_lab, words({}), "UTC", false);
        CPPUNIT_ASSERT_EQUAL(std::string("2026-06-01"), qatar.day(1780270200000));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-05-31"), utc.day(1780270200000));
        CPPUNIT_ASSERT_EQUAL(std::string(), qatar.day(0));
        // An unknown zone reads as UTC rather than failing the page.
        CPPUNIT_ASSERT_EQUAL(std::string("2026-05-31"),
                             InvoiceView::dayInZone(1780270200000, "Nowhere/Else"));
    }

    void testLinesInTheViewersWords()
    {
        const Invoice invoice = crownInvoice();
        const InvoiceView english(_lab, words({{"billing.page.line.remake_credit", "Remake credit"}}), "UTC",
                                  false);
        CPPUNIT_ASSERT_EQUAL(std::string("TR-260531-1A4F · Zirconia crown"),
                             english.describe(invoice.lines[0]));
        CPPUNIT_ASSERT_EQUAL(std::string("TR-260520-0B2C · Remake credit: shade mismatch"),
                             english.describe(invoice.lines[1]));
        const InvoiceView arabic(_lab,
                                 words({{"cases.productName.zirconia_crown", "تاج زركونيا"},
                                        {"billing.page.line.remake_credit", "خصم إعادة التصنيع"}}),
                                 "UTC", true);
        CPPUNIT_ASSERT_EQUAL(std::string("TR-260531-1A4F · تاج زركونيا"), arabic.describe(invoice.lines[0]));

        // A case at its agreed price: the option after the product's name, translated or not.
        InvoiceLine agreed = invoice.lines[0];
        agreed.description = "Zirconia crown (TWO)";
        agreed.reason = "TWO";
        CPPUNIT_ASSERT_EQUAL(std::string("TR-260531-1A4F · Zirconia crown (TWO)"), english.describe(agreed));
        CPPUNIT_ASSERT_EQUAL(std::string("TR-260531-1A4F · تاج زركونيا (TWO)"), arabic.describe(agreed));
        // A charge's line (no catalog item): its own text.
        InvoiceLine charge = agreed;
        charge.itemCode.clear();
        charge.reason.clear();
        charge.description = "Replacement aligners: 3";
        CPPUNIT_ASSERT_EQUAL(std::string("TR-260531-1A4F · Replacement aligners: 3"),
                             arabic.describe(charge));
        // A charge another plugin named (case.charged's itemKey): its whole key, then the variant.
        const InvoiceView arabicWithAligners(_lab,
                                             words({{"aligners.charge.replacement", "مقوّمات بديلة"},
                                                    {"aligners.charge.upgrade", "ترقية الخطة"}}),
                                             "UTC", true);
        charge.itemCode = "aligners.charge.replacement";
        CPPUNIT_ASSERT_EQUAL(std::string("TR-260531-1A4F · مقوّمات بديلة"),
                             arabicWithAligners.describe(charge));
        charge.itemCode = "aligners.charge.upgrade";
        charge.reason = "ONE \xe2\x86\x92 TWO";
        CPPUNIT_ASSERT_EQUAL(std::string("TR-260531-1A4F · ترقية الخطة (ONE \xe2\x86\x92 TWO)"),
                             arabicWithAligners.describe(charge));
        // The aligners plugin gone: the text stored with the line.
        charge.description = "Plan upgrade ONE \xe2\x86\x92 TWO";
        CPPUNIT_ASSERT_EQUAL(std::string("TR-260531-1A4F · Plan upgrade ONE \xe2\x86\x92 TWO"),
                             arabic.describe(charge));
    }

    void testTotalsWithTheCurrencysDigits()
    {
        const InvoiceView view(_lab,
                               words({{"billing.page.tax", "Tax ({rate})"},
                                      {"billing.page.total", "Total"},
                                      {"billing.page.balance", "Balance due"}}),
                               "UTC", false);
        const auto totals = view.totals(crownInvoice());
        CPPUNIT_ASSERT_EQUAL(std::size_t(5), totals.size()); // subtotal, tax, total, paid, balance
        CPPUNIT_ASSERT_EQUAL(std::string("KWD 11.250"), totals[0].amount);
        CPPUNIT_ASSERT_EQUAL(std::string("Tax (2.5%)"), totals[1].label);
        CPPUNIT_ASSERT_EQUAL(std::string("KWD 0.281"), totals[1].amount);
        CPPUNIT_ASSERT_EQUAL(std::string("Total"), totals[2].label);
        CPPUNIT_ASSERT(totals[2].emphasis);
        CPPUNIT_ASSERT_EQUAL(std::string("KWD 5.000"), totals[3].amount);
        CPPUNIT_ASSERT_EQUAL(std::string("Balance due"), totals[4].label);
        CPPUNIT_ASSERT_EQUAL(std::string("KWD 6.531"), totals[4].amount);

        Invoice yen = crownInvoice();
        yen.currency = "JPY";
        yen.state = InvoiceState::Paid;
        yen.paidMinor = yen.totalMinor;
        const auto paid = view.totals(yen);
        CPPUNIT_ASSERT_EQUAL(std::string("JPY 11,531"), paid[2].amount);
        CPPUNIT_ASSERT_EQUAL(std::string("JPY 0"), paid.back().amount);
    }

    void testDocumentForThePdf()
    {
        const InvoiceView view(_lab, words({}), "Asia/Qatar", true);
        const InvoiceDocument doc = view.document(crownInvoice(), {"Pearl Dental", "West Bay"},
                                                  {"Transfer to IBAN QA58", "MB-7K3Q-9XZ2"});
        CPPUNIT_ASSERT(doc.rightToLeft);
        CPPUNIT_ASSERT_EQUAL(std::string("INV-2026-000042"), doc.number);
        CPPUNIT_ASSERT_EQUAL(std::string("2026-06-01"), doc.issuedOn);
        CPPUNIT_ASSERT_EQUAL(std::string("+974 4000 1234 · billing@lab.example"), doc.labContact);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), doc.lines.size());
        CPPUNIT_ASSERT_EQUAL(std::string("-1.250"), doc.lines[1].amount);
        CPPUNIT_ASSERT_EQUAL(std::string("MB-7K3Q-9XZ2"), doc.transferReference);
        CPPUNIT_ASSERT_EQUAL(std::string("Transfer to IBAN QA58"), doc.paymentInstructions);

        // A paid invoice asks for nothing more.
        Invoice paid = crownInvoice();
        paid.state = InvoiceState::Paid;
        const InvoiceDocument settled =
            view.document(paid, {"Pearl Dental", ""}, {"Transfer", "MB-7K3Q-9XZ2"});
        CPPUNIT_ASSERT(settled.transferReference.empty());
        CPPUNIT_ASSERT(settled.paymentInstructions.empty());
    }

    void testTheLabsMonth()
    {
        // 23:30 on 31 May in UTC is 1 June in Qatar: June, from its local midnight.
        const auto [start, end] = BillingDashboardRoutes::monthAround(1780270200000, "Asia/Qatar");
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1780261200000), start); // 2026-05-31T21:00Z
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1782853200000), end);   // 2026-06-30T21:00Z
        const auto [utcStart, utcEnd] = BillingDashboardRoutes::monthAround(1780270200000, "UTC");
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1777593600000), utcStart); // 2026-05-01T00:00Z
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1780272000000), utcEnd);   // 2026-06-01T00:00Z
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(InvoiceViewTest);
