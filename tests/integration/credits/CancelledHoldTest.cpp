// Cancelling the oldest held case lets the cases behind it, which the balance pays, go on
// at once (not at the next top-up).
#include "CreditsPortal.h"

using namespace molar;
using namespace molar::test;

class CancelledHoldTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(CancelledHoldTest);
    CPPUNIT_TEST(theCaseBehindACancelledHoldIsDebitedWhenTheBalancePaysIt);
    CPPUNIT_TEST_SUITE_END();

    static void due(CreditsPortal& portal, std::int64_t org, std::int64_t id, std::int64_t amount)
    {
        portal.db().transaction([&](sdk::Transaction& tx) {
            portal.portal().events().publish(tx, "invoice.credits_due",
                                             sdk::Value::object({{"invoiceId", id},
                                                                 {"caseId", id},
                                                                 {"number", "TR-" + std::to_string(id)},
                                                                 {"organizationId", org},
                                                                 {"ownerUserId", 0},
                                                                 {"amountMinor", amount},
                                                                 {"currency", "QAR"},
                                                                 {"productName", "Crown"},
                                                                 {"actorUserId", 0}}));
        });
    }

public:
    void theCaseBehindACancelledHoldIsDebitedWhenTheBalancePaysIt()
    {
        CreditsPortal portal(DemoPortal::Settings{{"plugins.enabled", "credits"}});
        const std::int64_t pearl = portal.pearl();
        portal.toppedUp(pearl, "starter"); // 10,000.00
        due(portal, pearl, 501, 2000000);  // 20,000.00: waits
        due(portal, pearl, 502, 50000);    // 500.00: waits behind it
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2),
                             portal.count("SELECT COUNT(*) FROM credits_holds WHERE state = 'held'"));
        portal.db().transaction([&](sdk::Transaction& tx) {
            portal.portal().events().publish(
                tx, "case.cancelled", sdk::Value::object({{"caseId", 501}, {"organizationId", pearl}}));
        });
        CPPUNIT_ASSERT_EQUAL_MESSAGE(
            "the case behind the cancelled one still waits with 10,000.00 in the balance", std::int64_t(0),
            portal.count("SELECT COUNT(*) FROM credits_holds WHERE state = 'held'"));
        CPPUNIT_ASSERT_EQUAL(std::string("resumed"),
                             portal.db()
                                 .query("SELECT state FROM credits_holds WHERE case_id = 502")
                                 .get(0, "state")
                                 .toString());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1000000 - 50000), portal.balance(pearl));
        portal.assertBalanced(pearl);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CancelledHoldTest);
