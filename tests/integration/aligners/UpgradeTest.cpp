// Plan upgrades on SQLite and MariaDB: the clinic's deciders see the types up the path
// with their fee and new expiry; an upgrade changes the case's type, keeps a row, an
// audit entry and a timeline entry, and charges the fee once (case.charged); refusals are
// shown beside the field, another organization's case is a 404, and of two upgrades at
// once one wins.
#include "ExpiryPortal.h"

#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <thread>

using namespace molar::test;

class UpgradeTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(UpgradeTest);
    CPPUNIT_TEST(theOwnerUpgradesOneToTwoAndTheExpiryMoves);
    CPPUNIT_TEST(theFeeIsChargedOnceWithItsKey);
    CPPUNIT_TEST(refusalsBesideTheFieldAndOtherOrganizations404);
    CPPUNIT_TEST(beforeTheFirstShipmentTheNewExpiryCountsFromIt);
    CPPUNIT_TEST(twoUpgradesAtOnceOneWins);
    CPPUNIT_TEST_SUITE_END();

    static std::string upgradePath(std::int64_t caseId)
    {
        return AlignersPortal::planPath(caseId) + "/upgrade";
    }

    static std::string planType(ExpiryPortal& portal, std::int64_t caseId)
    {
        return portal.db()
            .query("SELECT plan_type FROM aligner_cases WHERE case_id = ?", {caseId})
            .get(0, "plan_type")
            .toString();
    }

    // An ONE case shipped on 12 May 2026 (Qatar): its included revisions expire 12 May 2027.
    static std::int64_t shippedOne(ExpiryPortal& portal, const std::string& patientRef = "P-UPG")
    {
        const std::int64_t caseId = portal.submittedAligners(*portal.pearlDentist(), patientRef);
        portal.acceptedWith(caseId, "ONE");
        portal.ship(caseId);
        return caseId;
    }

public:
    void theOwnerUpgradesOneToTwoAndTheExpiryMoves()
    {
        ExpiryPortal portal;
        const std::int64_t caseId = shippedOne(portal);
        auto owner = portal.pearlOwner();
        std::string body = owner->get(AlignersPortal::planPath(caseId)).body;
        MOLAR_ASSERT_CONTAINS("Included revisions and retainers expire on May 12, 2027", body);
        MOLAR_ASSERT_CONTAINS("action=\"" + upgradePath(caseId) + "\"", body);
        // Up the path only, each with the price difference and the expiry it would give.
        MOLAR_ASSERT_CONTAINS("<strong>TWO</strong>: fee <span dir=\"auto\" "
                              "translate=\"no\">QAR\u00a01,100.00</span>, included "
                              "revisions and retainers then expire on May 12, 2028",
                              body);
        MOLAR_ASSERT_CONTAINS("<strong>THREE</strong>: fee <span dir=\"auto\" "
                              "translate=\"no\">QAR\u00a02,100.00</span>, included "
                              "revisions and retainers then expire on May 12, 2029",
                              body);
        MOLAR_ASSERT_CONTAINS("<strong>UNLIMITED</strong>: fee <span dir=\"auto\" "
                              "translate=\"no\">QAR\u00a03,100.00</span>, included "
                              "revisions and retainers then expire on May 12, 2031",
                              body);
        MOLAR_ASSERT_NOT_CONTAINS("value=\"MINI\"", body);
        MOLAR_ASSERT_NOT_CONTAINS("value=\"FLEX\"", body);
        // The case's dentist decides too; the lab reads the expiry but is offered no upgrade.
        MOLAR_ASSERT_CONTAINS(upgradePath(caseId),
                              portal.pearlDentist()->get(AlignersPortal::planPath(caseId)).body);
        body = portal.labAdmin()->get(AlignersPortal::planPath(caseId)).body;
        MOLAR_ASSERT_CONTAINS("expire on May 12, 2027", body);
        MOLAR_ASSERT_NOT_CONTAINS(upgradePath(caseId), body);

        AlignersPortal::expectRedirect(
            owner->post(upgradePath(caseId), {{"planType", "TWO"}, {"from", "ONE"}}),
            AlignersPortal::planPath(caseId) + "#expiry");
        CPPUNIT_ASSERT_EQUAL(std::string("TWO"), planType(portal, caseId));
        auto row = portal.db().query("SELECT * FROM aligner_upgrades WHERE case_id = ?", {caseId});
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), row.size());
        CPPUNIT_ASSERT_EQUAL(std::string("ONE"), row.get(0, "from_type").toString());
        CPPUNIT_ASSERT_EQUAL(std::string("TWO"), row.get(0, "to_type").toString());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(110000), row.get(0, "fee_minor").asInt());
        CPPUNIT_ASSERT_EQUAL(std::string("QAR"), row.get(0, "currency").toString());
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(1),
            portal.count("SELECT COUNT(*) FROM molar_audit WHERE action = 'aligners.plan_upgraded' "
                         "AND object_id = ?",
                         {portal.number(caseId)}));
        // As if TWO had been ordered at the start: 24 months from the first shipment.
        body = owner->get(AlignersPortal::planPath(caseId)).body;
        MOLAR_ASSERT_CONTAINS("Plan type: TWO", body);
        MOLAR_ASSERT_CONTAINS("Included revisions and retainers expire on May 12, 2028", body);
        MOLAR_ASSERT_CONTAINS("Upgraded from ONE to TWO on May 12, 2026 (fee QAR\u00a01,100.00)", body);
        MOLAR_ASSERT_CONTAINS(
            "<strong>THREE</strong>: fee <span dir=\"auto\" translate=\"no\">QAR\u00a01,000.00</span>", body);
        MOLAR_ASSERT_NOT_CONTAINS("id=\"upgrade-TWO\"", body);
        // On the case's timeline.
        // On the timeline, the fee in the reader's form, written as the page is read.
        MOLAR_ASSERT_CONTAINS("Plan upgraded from ONE to TWO, fee QAR\u00a01,100.00",
                              owner->get("/cases/" + std::to_string(caseId)).body);
        portal.db().execute("UPDATE molar_users SET language = 'ar' WHERE email = 'owner@pearl.example'");
        const std::string arabic = owner->get("/cases/" + std::to_string(caseId)).body;
        MOLAR_ASSERT_CONTAINS(portal.portal().locales().money({110000, "QAR"}, "ar"), arabic);
        MOLAR_ASSERT_NOT_CONTAINS("1,100.00", arabic);
    }

    void theFeeIsChargedOnceWithItsKey()
    {
        ExpiryPortal portal;
        const std::int64_t caseId = shippedOne(portal);
        const auto owner = portal.callerOf("owner@pearl.example");
        const auto done = portal.expiry.upgrade(owner, caseId, "TWO", "ONE");
        CPPUNIT_ASSERT_EQUAL(std::int64_t(110000), done.feeMinor);
        auto charged = portal.testHost.published("case.charged");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), charged.size());
        const auto& charge = charged.front();
        CPPUNIT_ASSERT_EQUAL("aligners.upgrade." + std::to_string(caseId) + ".TWO",
                             charge.getString("chargeKey"));
        CPPUNIT_ASSERT_EQUAL(caseId, charge.getInt("caseId"));
        CPPUNIT_ASSERT_EQUAL(portal.number(caseId), charge.getString("number"));
        CPPUNIT_ASSERT_EQUAL(owner.organizationId, charge.getInt("organizationId"));
        CPPUNIT_ASSERT_EQUAL(portal.firstClinicOf("owner@pearl.example"), charge.getInt("clinicId"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(110000), charge.getInt("amountMinor"));
        CPPUNIT_ASSERT_EQUAL(std::string("QAR"), charge.getString("currency"));
        CPPUNIT_ASSERT_EQUAL(std::string("Plan upgrade ONE \xE2\x86\x92 TWO"), charge.getString("label"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), portal.testHost.published("case.activity").size());
        // The same upgrade again is refused and charges nothing more.
        try {
            portal.expiry.upgrade(owner, caseId, "TWO", "");
            CPPUNIT_FAIL("a second upgrade to TWO was taken");
        } catch (const molar::aligners::PlanRefusal& refusal) {
            CPPUNIT_ASSERT_EQUAL(400, refusal.status());
            CPPUNIT_ASSERT_EQUAL(std::string("aligners.upgrade.error.notHigher"), refusal.key());
        }
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), portal.testHost.published("case.charged").size());
        // TWO to THREE: the next difference, its own key.
        portal.expiry.upgrade(owner, caseId, "THREE", "TWO");
        charged = portal.testHost.published("case.charged");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), charged.size());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(100000), charged.back().getInt("amountMinor"));
        CPPUNIT_ASSERT_EQUAL("aligners.upgrade." + std::to_string(caseId) + ".THREE",
                             charged.back().getString("chargeKey"));
    }

    void refusalsBesideTheFieldAndOtherOrganizations404()
    {
        ExpiryPortal portal;
        const std::int64_t caseId = shippedOne(portal);
        auto owner = portal.pearlOwner();
        struct Bad
        {
            std::string type;
            std::string message;
        };
        const std::vector<Bad> bad{{"", "Choose the plan type to upgrade to."},
                                   {"ONE", "Choose a plan type higher than the current one."},
                                   {"MINI", "Choose a plan type higher than the current one."},
                                   {"FLEX", "The plan cannot be upgraded to that type."},
                                   {"PLATINUM", "The plan cannot be upgraded to that type."}};
        for (const auto& b : bad) {
            const Answer answer = owner->post(upgradePath(caseId), {{"planType", b.type}, {"from", "ONE"}});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(b.type, 400, answer.status);
            MOLAR_ASSERT_CONTAINS("<p id=\"upgrade-error\" class=\"form-error\" role=\"alert\">" + b.message,
                                  answer.body);
            MOLAR_ASSERT_CONTAINS("aria-describedby=\"upgrade-error\"", answer.body);
        }
        // Another organization's case is no case; the lab does not decide.
        CPPUNIT_ASSERT_EQUAL(404,
                             portal.smileDentist()->post(upgradePath(caseId), {{"planType", "TWO"}}).status);
        CPPUNIT_ASSERT_EQUAL(404, owner->post(upgradePath(999999), {{"planType", "TWO"}}).status);
        CPPUNIT_ASSERT(portal.labAdmin()->post(upgradePath(caseId), {{"planType", "TWO"}}).status >= 400);
        // A form shown for another type: the case changed meanwhile.
        CPPUNIT_ASSERT_EQUAL(
            409, owner->post(upgradePath(caseId), {{"planType", "THREE"}, {"from", "TWO"}}).status);
        CPPUNIT_ASSERT_EQUAL(std::string("ONE"), planType(portal, caseId));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), portal.count("SELECT COUNT(*) FROM aligner_upgrades"));
        // A cancelled case is upgraded no more.
        const std::int64_t cancelled = portal.submittedAligners(*portal.pearlDentist(), "P-CANCELLED");
        portal.acceptedWith(cancelled, "ONE");
        CPPUNIT_ASSERT_EQUAL(303, portal.labAdmin()
                                      ->post("/cases/" + std::to_string(cancelled) + "/actions/cancel",
                                             {{"reason", "The patient moved abroad"}})
                                      .status);
        CPPUNIT_ASSERT_EQUAL(
            409, owner->post(upgradePath(cancelled), {{"planType", "TWO"}, {"from", "ONE"}}).status);
        CPPUNIT_ASSERT_EQUAL(std::string("ONE"), planType(portal, cancelled));
        // A case without an accepted plan has nothing to upgrade.
        const std::int64_t planning = portal.submittedAligners(*portal.pearlDentist(), "P-PLANNING");
        CPPUNIT_ASSERT_EQUAL(409, owner->post(upgradePath(planning), {{"planType", "TWO"}}).status);
        // Expired: refused beside the field (signed in again: the session ended meanwhile).
        portal.setUtc(date::year{2027} / 5 / 12, 6);
        owner = portal.pearlOwner();
        const Answer expired = owner->post(upgradePath(caseId), {{"planType", "TWO"}, {"from", "ONE"}});
        CPPUNIT_ASSERT_EQUAL(400, expired.status);
        MOLAR_ASSERT_CONTAINS("The included revisions and retainers have expired", expired.body);
        CPPUNIT_ASSERT_EQUAL(std::string("ONE"), planType(portal, caseId));
    }

    void beforeTheFirstShipmentTheNewExpiryCountsFromIt()
    {
        ExpiryPortal portal;
        const std::int64_t caseId = portal.submittedAligners();
        portal.acceptedWith(caseId, "ONE");
        auto owner = portal.pearlOwner();
        MOLAR_ASSERT_CONTAINS("<strong>TWO</strong>: fee <span dir=\"auto\" "
                              "translate=\"no\">QAR\u00a01,100.00</span>, its expiry counts "
                              "from the first shipment",
                              owner->get(AlignersPortal::planPath(caseId)).body);
        AlignersPortal::expectRedirect(
            owner->post(upgradePath(caseId), {{"planType", "TWO"}, {"from", "ONE"}}),
            AlignersPortal::planPath(caseId) + "#expiry");
        MOLAR_ASSERT_CONTAINS("Included revisions and retainers expire 24 months after the first shipment",
                              owner->get(AlignersPortal::planPath(caseId)).body);
        portal.ship(caseId);
        MOLAR_ASSERT_CONTAINS("Included revisions and retainers expire on May 12, 2028",
                              owner->get(AlignersPortal::planPath(caseId)).body);
    }

    void twoUpgradesAtOnceOneWins()
    {
        ExpiryPortal portal;
        for (int round = 0; round < 3; ++round) {
            const std::int64_t caseId = shippedOne(portal, "P-UPG-RACE-" + std::to_string(round));
            auto owner = portal.pearlOwner();
            auto dentist = portal.pearlDentist();
            std::atomic<bool> go{false};
            int ownerStatus = 0;
            int dentistStatus = 0;
            std::thread a([&] {
                while (!go) {
                }
                ownerStatus = owner->post(upgradePath(caseId), {{"planType", "TWO"}, {"from", "ONE"}}).status;
            });
            std::thread b([&] {
                while (!go) {
                }
                dentistStatus = dentist
                                    ->post(upgradePath(caseId),
                                           {{"planType", round == 0 ? "TWO" : "THREE"}, {"from", "ONE"}})
                                    .status;
            });
            go = true;
            a.join();
            b.join();
            CPPUNIT_ASSERT_MESSAGE(std::to_string(ownerStatus) + " " + std::to_string(dentistStatus),
                                   (ownerStatus == 303 && dentistStatus == 409) ||
                                       (ownerStatus == 409 && dentistStatus == 303));
            CPPUNIT_ASSERT_EQUAL(
                std::int64_t(1),
                portal.count("SELECT COUNT(*) FROM aligner_upgrades WHERE case_id = ?", {caseId}));
            CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                                 portal.count("SELECT COUNT(*) FROM molar_audit WHERE action = "
                                              "'aligners.plan_upgraded' AND object_id = ?",
                                              {portal.number(caseId)}));
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(UpgradeTest);
