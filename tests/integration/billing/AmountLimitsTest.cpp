// A quote's price and a price list's price larger than any invoice line may be are
// refused beside their field (with what was typed kept), so that no case is accepted or
// delivered at a price that can never be invoiced. Both databases.
#include "CasesPortal.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace molar::test;

class AmountLimitsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(AmountLimitsTest);
    CPPUNIT_TEST(aQuoteNoInvoiceCouldHoldIsRefused);
    CPPUNIT_TEST(aListPriceNoInvoiceCouldHoldIsRefused);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _cases = std::make_unique<CasesPortal>(DemoPortal::Settings{{"plugins.enabled", "cases, billing"}});
    }
    void tearDown() override { _cases.reset(); }

    void aQuoteNoInvoiceCouldHoldIsRefused()
    {
        auto dentist = _cases->pearlDentist();
        auto admin = _cases->labAdmin();
        const std::int64_t id = _cases->completeCrownDraft(*dentist, "P-LIMIT");
        _cases->submit(*dentist, id);
        CasesPortal::expectRedirect(admin->post("/cases/" + std::to_string(id) + "/actions/quote", {}),
                                    "/cases/" + std::to_string(id));
        const std::int64_t quote =
            _cases->db().query("SELECT id FROM billing_quotes WHERE case_id = ?", {id}).get(0, "id").asInt();
        const std::string path = "/lab/billing/quotes/" + std::to_string(quote);
        for (const std::string& price :
             {std::string("92,233,720,368,547,758.07"), std::string("10000000000.01")}) {
            const Answer refused = admin->post(path, {{"price", price}, {"note", "Kept as typed"}});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(price, 400, refused.status);
            MOLAR_ASSERT_CONTAINS("more than an invoice can hold", refused.body);
            MOLAR_ASSERT_CONTAINS("id=\"price-error\"", refused.body);
            MOLAR_ASSERT_CONTAINS(price, refused.body);
        }
        CPPUNIT_ASSERT_EQUAL(std::string("awaiting_price"),
                             _cases->db()
                                 .query("SELECT state FROM billing_quotes WHERE id = ?", {quote})
                                 .get(0, "state")
                                 .toString());
        // The largest an invoice line takes is a price.
        CPPUNIT_ASSERT_EQUAL(303, admin->post(path, {{"price", "10,000,000,000.00"}}).status);
    }

    void aListPriceNoInvoiceCouldHoldIsRefused()
    {
        auto admin = _cases->labAdmin();
        const std::int64_t pearl = _cases->db()
                                       .query("SELECT organization_id FROM molar_users WHERE email = ?",
                                              {std::string("owner@pearl.example")})
                                       .get(0, "organization_id")
                                       .asInt();
        const std::string path = "/lab/billing/price-lists/" + std::to_string(pearl);
        auto lists = _cases->db().query(
            "SELECT id, version FROM billing_price_lists WHERE organization_id = ?", {pearl});
        Form form{{"price-zirconia_crown", "92,233,720,368,547,758.07"}};
        if (!lists.empty()) {
            form.emplace_back("listId", lists.get(0, "id").toString());
            form.emplace_back("from", lists.get(0, "version").toString());
        } else {
            form.emplace_back("listId", "0");
            form.emplace_back("from", "0");
        }
        const std::int64_t versions =
            _cases->db().query("SELECT COUNT(*) AS n FROM billing_price_list_versions").get(0, "n").asInt();
        const Answer refused = admin->post(path, form);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(refused.body, 422, refused.status);
        MOLAR_ASSERT_CONTAINS("more than an invoice can hold", refused.body);
        MOLAR_ASSERT_CONTAINS("92,233,720,368,547,758.07", refused.body);
        CPPUNIT_ASSERT_EQUAL(
            versions,
            _cases->db().query("SELECT COUNT(*) AS n FROM billing_price_list_versions").get(0, "n").asInt());
    }

private:
    std::unique_ptr<CasesPortal> _cases;
};

CPPUNIT_TEST_SUITE_REGISTRATION(AmountLimitsTest);
