// An overpaid top-up refunded in two parts removes what it credited, no more: the refunds
// are counted in all (money beyond the price first, then the price in proportion), not each
// on its own.
#include "CreditsPortal.h"

using namespace molar;
using namespace molar::test;

class RefundInPartsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(RefundInPartsTest);
    CPPUNIT_TEST(anOverpaidPackRefundedInTwoPartsRemovesWhatItCredited);
    CPPUNIT_TEST_SUITE_END();

public:
    void anOverpaidPackRefundedInTwoPartsRemovesWhatItCredited()
    {
        CreditsPortal portal(DemoPortal::Settings{{"plugins.enabled", "credits"}});
        const std::int64_t pearl = portal.pearl();
        const auto started = portal.startTopUp(pearl, "starter");
        // Starter: 10,000.00 credits for 9,500.00; 100.00 more paid than asked.
        CPPUNIT_ASSERT(portal.cardPaid(started.attemptId, started.priceMinor + 10000));
        // A second pack keeps the balance from capping what the refunds remove.
        const auto other = portal.startTopUp(pearl, "group");
        CPPUNIT_ASSERT(portal.cardPaid(other.attemptId, other.priceMinor));
        const std::int64_t before = portal.balance(pearl);
        const std::int64_t credited =
            portal.count("SELECT SUM(amount_minor) FROM credits_ledger WHERE topup_id = ? AND kind = 'topup'",
                         {started.topupId});
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1010000), credited);
        // The whole payment given back in two parts: the 100.00 first, then the price.
        CPPUNIT_ASSERT(portal.providerRefunded(CreditsPortal::kCard, started.attemptId, 10000, "re_1"));
        CPPUNIT_ASSERT(
            portal.providerRefunded(CreditsPortal::kCard, started.attemptId, started.priceMinor, "re_2"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE("removed by the two refunds", credited, before - portal.balance(pearl));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RefundInPartsTest);
