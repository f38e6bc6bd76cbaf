// Later orders with the loaded plugins, on SQLite and MariaDB: after the clinic accepts a
// TWO plan, it orders replacement aligners (steps 5-7 of the upper arch: charged per
// aligner at the FLEX price, the engager template of step 5 included; the 8-step cap),
// a retainer (fixed lingual needs its range and new scans; included while the plan's
// revisions last, then billed), and a refinement (new scans of both arches mandatory,
// back to planning); each is a case of its own with its own number and timeline; another
// organization sees none of it.
#include "AlignersPortal.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace molar::test;

namespace {

// A case with version 1 accepted at TWO (20 upper and 18 lower steps, engagers at upper
// steps 3 and 5), in production.
std::int64_t acceptedTwo(AlignersPortal& portal)
{
    const std::int64_t caseId = portal.submittedAligners();
    const std::int64_t planId = portal.uploadedPlan(caseId);
    AlignersPortal::expectRedirect(
        portal.pearlDentist()->post("/aligners/plans/" + std::to_string(planId) + "/accept",
                                    {{"planType", "TWO"}}),
        AlignersPortal::planPath(caseId));
    return caseId;
}

Answer order(AlignersPortal&, HttpBrowser& browser, std::int64_t caseId, const std::vector<FormPart>& parts)
{
    return postParts(browser, AlignersPortal::planPath(caseId) + "/orders", parts);
}

std::int64_t newestOrder(AlignersPortal& portal, std::int64_t caseId)
{
    return portal.count("SELECT MAX(case_id) FROM aligner_orders WHERE parent_case_id = ?", {caseId});
}

} // namespace

class OrderTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(OrderTest);
    CPPUNIT_TEST(replacementForUpperSteps5To7);
    CPPUNIT_TEST(replacementRulesRefuseBesideTheField);
    CPPUNIT_TEST(retainersAreIncludedThenBilled);
    CPPUNIT_TEST(refinementNeedsNewScansAndPlansAgain);
    CPPUNIT_TEST(phasesSentTogetherShowOneStatus);
    CPPUNIT_TEST(ordersNeedAnAcceptedPlanAndTheCasesClinic);
    CPPUNIT_TEST_SUITE_END();

public:
    void replacementForUpperSteps5To7()
    {
        AlignersPortal portal;
        const std::int64_t caseId = acceptedTwo(portal);
        auto dentist = portal.pearlDentist();
        const Answer form = dentist->get(AlignersPortal::planPath(caseId) + "/orders/new?kind=replacement");
        CPPUNIT_ASSERT_EQUAL(200, form.status);
        MOLAR_ASSERT_CONTAINS("It is not a quality complaint", form.body);
        MOLAR_ASSERT_CONTAINS("QAR\u00a0180.00", form.body);

        const Answer placed =
            order(portal, *dentist, caseId,
                  {{"kind", "", "replacement"}, {"upperSteps", "", "5-7"}, {"lowerSteps", "", ""}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(placed.body, 303, placed.status);
        const std::int64_t orderId = newestOrder(portal, caseId);
        CPPUNIT_ASSERT(orderId != 0 && orderId != caseId);
        auto row = portal.db().query("SELECT * FROM aligner_orders WHERE case_id = ?", {orderId});
        CPPUNIT_ASSERT_EQUAL(std::string("replacement"), row.get(0, "kind").toString());
        CPPUNIT_ASSERT_EQUAL(std::string("5,6,7"), row.get(0, "upper_steps").toString());
        CPPUNIT_ASSERT_EQUAL(std::string("U5"), row.get(0, "engager_templates").toString());
        // Three aligners at the FLEX price; the engager template is not charged.
        CPPUNIT_ASSERT_EQUAL(std::int64_t(3 * 18000), row.get(0, "charge_minor").asInt());
        // Its own case, straight into production, at no charge by the price list (the
        // charge goes to billing once, as case.charged).
        CPPUNIT_ASSERT_EQUAL(std::string("in_production"), portal.status(orderId));
        CPPUNIT_ASSERT(portal.number(orderId) != portal.number(caseId));
        auto made = portal.db().query(
            "SELECT order_of, order_kind, no_charge, product FROM cases_cases WHERE id = ?", {orderId});
        CPPUNIT_ASSERT_EQUAL(caseId, made.get(0, "order_of").asInt());
        CPPUNIT_ASSERT_EQUAL(std::string("replacement"), made.get(0, "order_kind").toString());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), made.get(0, "no_charge").asInt());
        // Both timelines name the other.
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(1),
            portal.count("SELECT COUNT(*) FROM cases_activity WHERE case_id = ? AND kind = 'order'",
                         {caseId}));
        const Answer list = dentist->get(AlignersPortal::planPath(caseId) + "/orders");
        MOLAR_ASSERT_CONTAINS(portal.number(orderId), list.body);
        MOLAR_ASSERT_CONTAINS("5, 6, 7", list.body);
        MOLAR_ASSERT_CONTAINS("QAR\u00a0540.00", list.body);
        MOLAR_ASSERT_CONTAINS("Upper arch, step 5", list.body);
        // A later order is no new submission of the practice: the dashboard still counts one.
        MOLAR_ASSERT_CONTAINS("aligner cases submitted: 1;", dentist->get("/cases/dashboard").body);
        // The new case's page says what it is.
        MOLAR_ASSERT_CONTAINS("This case is a replacement aligner order.",
                              dentist->get("/cases/" + std::to_string(orderId)).body);
    }

    void replacementRulesRefuseBesideTheField()
    {
        AlignersPortal portal;
        const std::int64_t caseId = acceptedTwo(portal);
        auto dentist = portal.pearlDentist();
        const std::vector<std::pair<std::string, std::string>> bad{
            {"1-9", "At most 8 steps per arch in one order."},
            {"21", "A step is not in the accepted plan of this arch."},
            {"", "Choose at least one step to replace."},
            {"five", "Write step numbers and ranges"},
        };
        for (const auto& [steps, message] : bad) {
            const Answer refused =
                order(portal, *dentist, caseId, {{"kind", "", "replacement"}, {"upperSteps", "", steps}});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(message, 400, refused.status);
            MOLAR_ASSERT_CONTAINS(message, refused.body);
        }
        // The same form sent twice (a retry after a timeout): one order, one charge.
        const std::vector<FormPart> once{
            {"kind", "", "replacement"}, {"upperSteps", "", "10"}, {"formKey", "", "key-of-one-form"}};
        const Answer first = order(portal, *dentist, caseId, once);
        const Answer again = order(portal, *dentist, caseId, once);
        CPPUNIT_ASSERT_EQUAL(303, first.status);
        CPPUNIT_ASSERT_EQUAL(303, again.status);
        CPPUNIT_ASSERT_EQUAL(first.header("Location"), again.header("Location"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), portal.count("SELECT COUNT(*) FROM aligner_orders"));
        portal.db().execute("DELETE FROM aligner_orders");
        // Exactly 8 on each arch is allowed.
        CPPUNIT_ASSERT_EQUAL(
            303, order(portal, *dentist, caseId,
                       {{"kind", "", "replacement"}, {"upperSteps", "", "1-8"}, {"lowerSteps", "", "11-18"}})
                     .status);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), portal.count("SELECT COUNT(*) FROM aligner_orders"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(16 * 18000),
                             portal.count("SELECT charge_minor FROM aligner_orders"));
    }

    void retainersAreIncludedThenBilled()
    {
        AlignersPortal portal;
        const std::int64_t caseId = acceptedTwo(portal);
        auto owner = portal.pearlOwner();
        // A fixed lingual retainer without its range or scans is refused beside the fields.
        const Answer refused =
            order(portal, *owner, caseId,
                  {{"kind", "", "retainer"}, {"arches", "", "lower"}, {"retainerType", "", "fixed_lingual"}});
        CPPUNIT_ASSERT_EQUAL(400, refused.status);
        MOLAR_ASSERT_CONTAINS("id=\"retainer-range-error\"", refused.body);
        MOLAR_ASSERT_CONTAINS("id=\"lower-scan-error\"", refused.body);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), portal.count("SELECT COUNT(*) FROM aligner_orders"));

        // TWO includes two revisions or retainers: the first two are included, the third billed.
        const std::vector<FormPart> fixed{{"kind", "", "retainer"},
                                          {"arches", "", "lower"},
                                          {"retainerType", "", "fixed_lingual"},
                                          {"retainerRange", "", "3-3"},
                                          {"lowerScan", "lower-new.stl", binaryStl(8)}};
        CPPUNIT_ASSERT_EQUAL(303, order(portal, *owner, caseId, fixed).status);
        const std::int64_t first = newestOrder(portal, caseId);
        CPPUNIT_ASSERT_EQUAL(std::string("in_production"), portal.status(first));
        CPPUNIT_ASSERT_EQUAL(std::string("retainer"),
                             portal.db()
                                 .query("SELECT product FROM cases_cases WHERE id = ?", {first})
                                 .get(0, "product")
                                 .toString());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             portal.count("SELECT included FROM aligner_orders WHERE case_id = ?", {first}));
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(1),
            portal.count("SELECT COUNT(*) FROM aligner_order_files WHERE order_case_id = ?", {first}));
        const std::vector<FormPart> removable{
            {"kind", "", "retainer"}, {"arches", "", "both"}, {"retainerType", "", "removable"}};
        CPPUNIT_ASSERT_EQUAL(303, order(portal, *owner, caseId, removable).status);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             portal.count("SELECT included FROM aligner_orders WHERE case_id = ?",
                                          {newestOrder(portal, caseId)}));
        CPPUNIT_ASSERT_EQUAL(303, order(portal, *owner, caseId, removable).status);
        const std::int64_t third = newestOrder(portal, caseId);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0),
                             portal.count("SELECT included FROM aligner_orders WHERE case_id = ?", {third}));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0),
                             portal.count("SELECT no_charge FROM cases_cases WHERE id = ?", {third}));
        // The scan downloads for the case's readers only.
        const std::int64_t scan = portal.count("SELECT MIN(id) FROM aligner_order_files");
        CPPUNIT_ASSERT_EQUAL(binaryStl(8), owner->get("/aligners/order-scans/" + std::to_string(scan)).body);
        CPPUNIT_ASSERT_EQUAL(
            404, portal.smileDentist()->get("/aligners/order-scans/" + std::to_string(scan)).status);
    }

    void refinementNeedsNewScansAndPlansAgain()
    {
        AlignersPortal portal;
        const std::int64_t caseId = acceptedTwo(portal);
        auto dentist = portal.pearlDentist();
        const Answer refused = order(portal, *dentist, caseId,
                                     {{"kind", "", "refinement"}, {"upperScan", "upper.stl", binaryStl(4)}});
        CPPUNIT_ASSERT_EQUAL(400, refused.status);
        MOLAR_ASSERT_CONTAINS("Upload a new scan of the lower arch", refused.body);
        // A text file is no scan.
        const Answer notStl = order(portal, *dentist, caseId,
                                    {{"kind", "", "refinement"},
                                     {"upperScan", "upper.stl", "solid nothing here"},
                                     {"lowerScan", "lower.stl", binaryStl(4)}});
        CPPUNIT_ASSERT_EQUAL(400, notStl.status);
        MOLAR_ASSERT_CONTAINS("A scan is not an STL model.", notStl.body);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), portal.count("SELECT COUNT(*) FROM aligner_orders"));

        CPPUNIT_ASSERT_EQUAL(303, order(portal, *dentist, caseId,
                                        {{"kind", "", "refinement"},
                                         {"note", "", "Lower incisors not tracking"},
                                         {"upperScan", "upper.stl", binaryStl(4)},
                                         {"lowerScan", "lower.stl", binaryStl(5)}})
                                      .status);
        const std::int64_t refinement = newestOrder(portal, caseId);
        CPPUNIT_ASSERT_EQUAL(std::string("in_planning"), portal.status(refinement));
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(1),
            portal.count("SELECT included FROM aligner_orders WHERE case_id = ?", {refinement}));
        // The refinement gets a plan of its own, decided as the first was.
        const std::int64_t plan = portal.uploadedPlan(refinement);
        CPPUNIT_ASSERT_EQUAL(std::string("waiting_for_approval"), portal.status(refinement));
        CPPUNIT_ASSERT(plan != 0);
    }

    void phasesSentTogetherShowOneStatus()
    {
        AlignersPortal portal;
        const std::int64_t caseId = acceptedTwo(portal);
        auto dentist = portal.pearlDentist();
        CPPUNIT_ASSERT_EQUAL(
            400, order(portal, *dentist, caseId, {{"kind", "", "phase"}, {"phases", "", "4"}}).status);
        CPPUNIT_ASSERT_EQUAL(303,
                             order(portal, *dentist, caseId,
                                   {{"kind", "", "phase"},
                                    {"phases", "", "2"},
                                    {"note", "", "Patient is happy with phase 1, please produce phase 2"}})
                                 .status);
        auto phases = portal.db().query(
            "SELECT case_id, group_case_id FROM aligner_orders WHERE parent_case_id = ? ORDER BY case_id",
            {caseId});
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), phases.size());
        const std::int64_t first = phases.get(0, "case_id").asInt();
        const std::int64_t second = phases.get(1, "case_id").asInt();
        CPPUNIT_ASSERT_EQUAL(first, phases.get(0, "group_case_id").asInt());
        CPPUNIT_ASSERT_EQUAL(first, phases.get(1, "group_case_id").asInt());
        // Two cases, two numbers, two trackers; one status.
        CPPUNIT_ASSERT(portal.number(first) != portal.number(second));
        CPPUNIT_ASSERT_EQUAL(std::string("in_planning"), portal.status(second));
        // The lab's plan on the first phase: both wait for the clinic; its acceptance: both in production.
        const std::int64_t plan = portal.uploadedPlan(first);
        CPPUNIT_ASSERT_EQUAL(std::string("waiting_for_approval"), portal.status(second));
        AlignersPortal::expectRedirect(
            dentist->post("/aligners/plans/" + std::to_string(plan) + "/accept", {{"planType", "TWO"}}),
            AlignersPortal::planPath(first));
        CPPUNIT_ASSERT_EQUAL(std::string("in_production"), portal.status(first));
        CPPUNIT_ASSERT_EQUAL(std::string("in_production"), portal.status(second));
        // A move the lab makes on the second phase is made on the first.
        CPPUNIT_ASSERT_EQUAL(
            303, portal.labAdmin()->post("/cases/" + std::to_string(second) + "/actions/ship", {}).status);
        CPPUNIT_ASSERT_EQUAL(std::string("shipped"), portal.status(first));
        CPPUNIT_ASSERT_EQUAL(std::string("shipped"), portal.status(second));
        MOLAR_ASSERT_CONTAINS("Sent together with " + portal.number(second),
                              dentist->get(AlignersPortal::planPath(caseId) + "/orders").body);
    }

    void ordersNeedAnAcceptedPlanAndTheCasesClinic()
    {
        AlignersPortal portal;
        const std::int64_t planning = portal.submittedAligners();
        auto dentist = portal.pearlDentist();
        CPPUNIT_ASSERT_EQUAL(
            409, order(portal, *dentist, planning,
                       {{"kind", "", "retainer"}, {"arches", "", "both"}, {"retainerType", "", "removable"}})
                     .status);
        const std::int64_t caseId = acceptedTwo(portal);
        auto smile = portal.smileDentist();
        CPPUNIT_ASSERT_EQUAL(404, smile->get(AlignersPortal::planPath(caseId) + "/orders").status);
        CPPUNIT_ASSERT_EQUAL(
            404, smile->get(AlignersPortal::planPath(caseId) + "/orders/new?kind=retainer").status);
        CPPUNIT_ASSERT_EQUAL(
            404,
            order(portal, *smile, caseId, {{"kind", "", "replacement"}, {"upperSteps", "", "5"}}).status);
        // The lab reads the orders but does not place them.
        CPPUNIT_ASSERT_EQUAL(200,
                             portal.labAdmin()->get(AlignersPortal::planPath(caseId) + "/orders").status);
        CPPUNIT_ASSERT_EQUAL(403, order(portal, *portal.labAdmin(), caseId,
                                        {{"kind", "", "replacement"}, {"upperSteps", "", "5"}})
                                      .status);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), portal.count("SELECT COUNT(*) FROM aligner_orders"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(OrderTest);
