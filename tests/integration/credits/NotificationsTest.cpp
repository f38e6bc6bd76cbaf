// The credits plugin's notification rules with the real host outbox: each of its events,
// published in a transaction as the plugin publishes it, queues a message for the
// organization's owners (and the dentist of a held or resumed case) in their words with the
// amounts in it; a failed auto top-up also tells the lab's billing clerks, and its last
// failure says that auto top-up is off.
#include "CreditsPortal.h"

#include <chrono>
#include <thread>

using namespace molar;
using namespace molar::test;

namespace {

DemoPortal::Settings withEmail()
{
    // No email plugin in the suite: the host writes email to its log, as the demo does, and
    // queues the messages all the same.
    return {{"notifications.logChannels", "email"}};
}

} // namespace

class NotificationsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(NotificationsTest);
    CPPUNIT_TEST(aTopUpTellsTheOwners);
    CPPUNIT_TEST(aLowBalanceTellsTheOwners);
    CPPUNIT_TEST(aHeldCaseAndItsResumptionTellTheOwnersAndItsDentist);
    CPPUNIT_TEST(aFailedAutoTopUpTellsTheOwnersAndTheBillingClerks);
    CPPUNIT_TEST(theLastFailureSaysAutoTopUpIsOff);
    CPPUNIT_TEST(theEventsAreOfferedInTheClinicsSettings);
    CPPUNIT_TEST_SUITE_END();

    static void publish(CreditsPortal& p, const std::string& event, const sdk::Value& payload)
    {
        p.db().transaction([&](sdk::Transaction& tx) { p.portal().events().publish(tx, event, payload); });
        p.portal().jobs().wake();
    }

    // "<email> <content>" of every message `rule` queued, waited for (the outbox fans an
    // event out in a job after its transaction).
    static std::vector<std::string> told(CreditsPortal& p, const std::string& rule, std::size_t atLeast)
    {
        std::vector<std::string> out;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        for (;;) {
            auto rows =
                p.db().query("SELECT u.email, n.content FROM molar_notifications n JOIN molar_users u ON "
                             "u.id = n.user_id WHERE n.rule = ? ORDER BY u.email",
                             {rule});
            out.clear();
            for (std::size_t r = 0; r < rows.size(); ++r)
                out.push_back(rows.get(r, "email").toString() + " " + rows.get(r, "content").toString());
            if (out.size() >= atLeast || std::chrono::steady_clock::now() > deadline)
                break;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        p.settle();
        return out;
    }

    static std::int64_t messages(CreditsPortal& p, const std::string& rule)
    {
        return p.count("SELECT COUNT(*) FROM molar_notifications WHERE rule = ?", {rule});
    }

public:
    void aTopUpTellsTheOwners()
    {
        CreditsPortal p(withEmail());
        publish(p, "credits.topped_up",
                sdk::Value::object({{"organizationId", p.smile()},
                                    {"topupId", 7},
                                    {"entryId", 11},
                                    {"packName", "Growth"},
                                    {"creditsMinor", 2000000},
                                    {"creditsText", "QAR 20,000.00"},
                                    {"paidMinor", 1800000},
                                    {"paidText", "QAR 18,000.00"},
                                    {"currency", "QAR"},
                                    {"balanceMinor", 2012050},
                                    {"balanceText", "QAR 20,120.50"},
                                    {"provider", "cardtest"},
                                    {"origin", "clinic"},
                                    {"creditsUrl", "http://portal.test/credits"}}));
        const auto sent = told(p, "credits_topped_up", 1);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), sent.size());
        MOLAR_ASSERT_CONTAINS("owner@smile.example ", sent[0]);
        MOLAR_ASSERT_CONTAINS("Credits added: QAR 20,000.00", sent[0]);
        MOLAR_ASSERT_CONTAINS("paid QAR 18,000.00", sent[0]);
        MOLAR_ASSERT_CONTAINS("QAR 20,120.50", sent[0]);
        MOLAR_ASSERT_CONTAINS("http://portal.test/credits", sent[0]);
    }

    void aLowBalanceTellsTheOwners()
    {
        CreditsPortal p(withEmail());
        publish(p, "credits.low_balance",
                sdk::Value::object({{"organizationId", p.pearl()},
                                    {"balanceMinor", 12000},
                                    {"balanceText", "QAR 120.00"},
                                    {"thresholdMinor", 50000},
                                    {"thresholdText", "QAR 500.00"},
                                    {"autoTopUp", "off"},
                                    {"creditsUrl", "http://portal.test/credits"}}));
        const auto sent = told(p, "credits_low_balance", 1);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), sent.size());
        MOLAR_ASSERT_CONTAINS("owner@pearl.example ", sent[0]);
        MOLAR_ASSERT_CONTAINS("Credit balance low: QAR 120.00", sent[0]);
        MOLAR_ASSERT_CONTAINS("threshold of QAR 500.00", sent[0]);
    }

    void aHeldCaseAndItsResumptionTellTheOwnersAndItsDentist()
    {
        CreditsPortal p(withEmail());
        const std::int64_t dentist = p.userOf("dentist@pearl.example");
        publish(p, "credits.case_held",
                sdk::Value::object({{"organizationId", p.pearl()},
                                    {"caseId", 41},
                                    {"number", "MD-2026-0041"},
                                    {"ownerUserId", dentist},
                                    {"amountMinor", 45000},
                                    {"amountText", "QAR 450.00"},
                                    {"balanceText", "QAR 120.00"},
                                    {"casePath", "/cases/41"},
                                    {"creditsUrl", "http://portal.test/credits"}}));
        const auto held = told(p, "credits_case_held", 2);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), held.size());
        MOLAR_ASSERT_CONTAINS("dentist@pearl.example ", held[0]);
        MOLAR_ASSERT_CONTAINS("owner@pearl.example ", held[1]);
        for (const auto& message : held) {
            MOLAR_ASSERT_CONTAINS("Case MD-2026-0041 is waiting for credit", message);
            MOLAR_ASSERT_CONTAINS("costs QAR 450.00", message);
            MOLAR_ASSERT_CONTAINS("balance is QAR 120.00", message);
        }

        // The owner holding the case is told once.
        publish(p, "credits.case_resumed",
                sdk::Value::object({{"organizationId", p.pearl()},
                                    {"caseId", 41},
                                    {"number", "MD-2026-0041"},
                                    {"ownerUserId", p.pearlOwnerId()},
                                    {"amountText", "QAR 450.00"},
                                    {"balanceText", "QAR 9,550.00"},
                                    {"casePath", "/cases/41"}}));
        const auto resumed = told(p, "credits_case_resumed", 1);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), resumed.size());
        MOLAR_ASSERT_CONTAINS("owner@pearl.example ", resumed[0]);
        MOLAR_ASSERT_CONTAINS("Case MD-2026-0041 goes ahead", resumed[0]);
        MOLAR_ASSERT_CONTAINS("QAR 9,550.00", resumed[0]);
        // The button opens the case (casePath on the portal's public address).
        MOLAR_ASSERT_CONTAINS("/cases/41\\n", resumed[0]);
        MOLAR_ASSERT_CONTAINS("Open the case: http", resumed[0]);
    }

    void aFailedAutoTopUpTellsTheOwnersAndTheBillingClerks()
    {
        CreditsPortal p(withEmail());
        publish(p, "credits.auto_topup_failed",
                sdk::Value::object({{"organizationId", p.smile()},
                                    {"runId", 3},
                                    {"packName", "Growth"},
                                    {"amountText", "QAR 18,000.00"},
                                    {"failureCode", "card_declined"},
                                    {"paymentFailure", "generic"},
                                    {"failures", 1},
                                    {"turnedOff", "no"},
                                    {"creditsUrl", "http://portal.test/credits"}}));
        const auto owners = told(p, "credits_auto_topup_failed", 1);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), owners.size());
        MOLAR_ASSERT_CONTAINS("owner@smile.example ", owners[0]);
        MOLAR_ASSERT_CONTAINS("Growth for QAR 18,000.00", owners[0]);
        // The provider's reason in the owner's words, as billing words a card's failure.
        MOLAR_ASSERT_CONTAINS("The payment was declined.", owners[0]);
        const auto clerks = told(p, "credits_auto_topup_failed_lab", 1);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), clerks.size());
        MOLAR_ASSERT_CONTAINS("billing@lab.example ", clerks[0]);
        MOLAR_ASSERT_CONTAINS("QAR 18,000.00", clerks[0]);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), messages(p, "credits_auto_topup_off"));
    }

    void theLastFailureSaysAutoTopUpIsOff()
    {
        CreditsPortal p(withEmail());
        publish(p, "credits.auto_topup_failed",
                sdk::Value::object({{"organizationId", p.smile()},
                                    {"runId", 5},
                                    {"packName", "Starter"},
                                    {"amountText", "QAR 9,500.00"},
                                    {"failureCode", "card_declined"},
                                    {"paymentFailure", "generic"},
                                    {"failures", 3},
                                    {"turnedOff", "yes"},
                                    {"creditsUrl", "http://portal.test/credits"}}));
        const auto off = told(p, "credits_auto_topup_off", 1);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), off.size());
        MOLAR_ASSERT_CONTAINS("owner@smile.example ", off[0]);
        MOLAR_ASSERT_CONTAINS("Automatic top-up turned off", off[0]);
        MOLAR_ASSERT_CONTAINS("Starter for QAR 9,500.00", off[0]);
        MOLAR_ASSERT_CONTAINS("3 times in a row", off[0]);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), told(p, "credits_auto_topup_failed_lab", 1).size());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), messages(p, "credits_auto_topup_failed"));
    }

    void theEventsAreOfferedInTheClinicsSettings()
    {
        CreditsPortal p(withEmail());
        const Answer owner = p.smileOwner()->get("/account/notifications");
        CPPUNIT_ASSERT_EQUAL(200, owner.status);
        for (const char* words : {"Credits added to the balance", "A credit balance running low",
                                  "A case waiting for credit", "An automatic top-up that failed"})
            MOLAR_ASSERT_CONTAINS(words, owner.body);
        MOLAR_ASSERT_CONTAINS("An automatic top-up that failed",
                              p.clerk()->get("/account/notifications").body);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(NotificationsTest);
