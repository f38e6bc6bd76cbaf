// A clinic asking to pay one invoice by bank transfer several times at once (a double
// click, the owner and a dentist together) gets one payment attempt and one transfer
// reference, never several references for one invoice. Both databases (the race shows
// on MariaDB, where the asks run side by side).
#include "BankPortal.h"

#include <cppunit/extensions/HelperMacros.h>

#include <thread>

using namespace molar;
using namespace molar::test;

class PayOnceTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PayOnceTest);
    CPPUNIT_TEST(testAskingToPayAtOnceGivesOneReference);
    CPPUNIT_TEST_SUITE_END();

public:
    void testAskingToPayAtOnceGivesOneReference()
    {
        BankPortal bank;
        std::vector<std::unique_ptr<HttpBrowser>> payers;
        for (int i = 0; i < 3; ++i) {
            payers.push_back(bank.pearlOwner());
            payers.push_back(bank.pearlDentist());
        }
        for (int round = 1; round <= 3; ++round) {
            const std::int64_t now = bank.nowMillis();
            const std::int64_t invoice = bank.db().insert(
                "INSERT INTO billing_invoices (number, organization_id, currency, state, subtotal_minor, "
                "total_minor, created_at, updated_at, issued_at, due_at) VALUES (?, ?, 'QAR', 'issued', "
                "30000, "
                "30000, ?, ?, ?, ?)",
                {"INV-2026-00031" + std::to_string(round), bank.pearl(), now, now, now,
                 now + 30LL * 86400000});
            std::vector<Answer> answers(payers.size());
            std::vector<std::thread> threads;
            for (std::size_t i = 0; i < payers.size(); ++i)
                threads.emplace_back([&, i] {
                    answers[i] = payers[i]->post("/billing/invoices/" + std::to_string(invoice) + "/pay",
                                                 {{"provider", "bank"}});
                });
            for (auto& t : threads)
                t.join();
            for (const Answer& answer : answers)
                CPPUNIT_ASSERT_EQUAL_MESSAGE(answer.body, 303, answer.status);
            CPPUNIT_ASSERT_EQUAL_MESSAGE("round " + std::to_string(round), std::int64_t(1),
                                         bank.count("SELECT COUNT(*) AS n FROM molar_payment_attempts WHERE "
                                                    "purpose_id = ?",
                                                    {std::to_string(invoice)}));
            CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                                 bank.count("SELECT COUNT(*) AS n FROM pay_bank_references WHERE "
                                            "purpose_id = ?",
                                            {std::to_string(invoice)}));
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PayOnceTest);
