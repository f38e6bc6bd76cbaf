// Decisions racing on one plan, on SQLite and MariaDB: the clinic's owner and its dentist
// accept at once (with different options), or one accepts while the other asks for
// changes. Exactly one decision wins; the case moves once; one price reaches billing.
#include "AlignersPortal.h"

#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <thread>

using namespace molar::test;

class PlanConcurrencyTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PlanConcurrencyTest);
    CPPUNIT_TEST(twoDecisionsAtOnceOneWins);
    CPPUNIT_TEST_SUITE_END();

public:
    void twoDecisionsAtOnceOneWins()
    {
        AlignersPortal portal;
        for (int round = 0; round < 4; ++round) {
            const std::int64_t caseId =
                portal.submittedAligners(*portal.pearlDentist(), "P-RACE-" + std::to_string(round));
            const std::int64_t planId = portal.uploadedPlan(caseId);
            const std::string base = "/aligners/plans/" + std::to_string(planId);
            auto owner = portal.pearlOwner();
            auto dentist = portal.pearlDentist();
            std::atomic<bool> go{false};
            int ownerStatus = 0;
            int dentistStatus = 0;
            const bool secondModifies = round % 2 == 1;
            std::thread a([&] {
                while (!go) {
                }
                ownerStatus = owner->post(base + "/accept", {{"planType", "ONE"}}).status;
            });
            std::thread b([&] {
                while (!go) {
                }
                dentistStatus = secondModifies
                                    ? dentist->post(base + "/modify", {{"reason", "Change it"}}).status
                                    : dentist->post(base + "/accept", {{"planType", "TWO"}}).status;
            });
            go = true;
            a.join();
            b.join();
            CPPUNIT_ASSERT_MESSAGE(std::to_string(ownerStatus) + " " + std::to_string(dentistStatus),
                                   (ownerStatus == 303 && dentistStatus == 409) ||
                                       (ownerStatus == 409 && dentistStatus == 303));
            const std::string state = portal.planState(planId);
            const std::string status = portal.status(caseId);
            if (state == "accepted")
                CPPUNIT_ASSERT_EQUAL(std::string("in_production"), status);
            else
                CPPUNIT_ASSERT_EQUAL(std::string("in_planning"), status);
            CPPUNIT_ASSERT_EQUAL(
                std::int64_t(1),
                portal.count("SELECT COUNT(*) FROM cases_activity WHERE case_id = ? AND kind = "
                             "'status' AND from_status = 'waiting_for_approval'",
                             {caseId}));
            CPPUNIT_ASSERT_EQUAL(std::int64_t(state == "accepted" ? 1 : 0),
                                 portal.count("SELECT COUNT(*) FROM molar_audit WHERE action = "
                                              "'aligners.plan_accepted' AND object_id = ?",
                                              {portal.number(caseId)}));
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PlanConcurrencyTest);
