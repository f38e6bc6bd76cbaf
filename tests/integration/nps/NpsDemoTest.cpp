// The demo's feedback (molard --demo-data): the demo's delivered cases answered by their
// dentists through the rules users go through, once however often the demo starts: two
// published comments on /reviews, and a 4 whose follow-up waits for the lab's lead.

#include "NpsPortal.h"

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>

using namespace molar::test;

class NpsDemoTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(NpsDemoTest);
    CPPUNIT_TEST(testTheDemoAnswersItsDeliveredCasesOnce);
    CPPUNIT_TEST_SUITE_END();

public:
    void testTheDemoAnswersItsDeliveredCasesOnce()
    {
        NpsPortal portal;
        portal.portal().seedPluginDemoData();
        portal.portal().seedPluginDemoData();
        const std::int64_t requests = portal.count("SELECT COUNT(*) FROM nps_requests");
        CPPUNIT_ASSERT(requests >= 3);
        CPPUNIT_ASSERT_EQUAL(std::min<std::int64_t>(requests, 5),
                             portal.count("SELECT COUNT(*) FROM nps_answers"));
        // Each by the dentist whose case it is.
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0),
                             portal.count("SELECT COUNT(*) FROM nps_answers a JOIN nps_requests r ON "
                                          "r.id = a.request_id WHERE a.author_user_id <> r.owner_user_id"));
        // The 4 opened one follow-up, open for the lead.
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), portal.count("SELECT COUNT(*) FROM nps_followups WHERE "
                                                           "score = 4 AND closed_at IS NULL"));
        portal.settle();
        CPPUNIT_ASSERT(
            portal.count("SELECT COUNT(*) FROM molar_notifications WHERE rule = 'nps_detractor'") >= 1);

        HttpBrowser visitor(portal.portal());
        const Answer reviews = visitor.get("/reviews");
        CPPUNIT_ASSERT_EQUAL(200, reviews.status);
        CPPUNIT_ASSERT(reviews.body.find("Delivered a day early") != std::string::npos);
        CPPUNIT_ASSERT(reviews.body.find("Everything fitted first time") != std::string::npos);
        // Not consented: not published.
        CPPUNIT_ASSERT(reviews.body.find("fit needed adjusting at the chair") == std::string::npos);
        CPPUNIT_ASSERT(reviews.body.find("No score yet") == std::string::npos);

        const Answer dashboard = portal.signIn("lead@lab.example", "demo lab lead")->get("/lab/feedback");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(dashboard.body, 200, dashboard.status);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(NpsDemoTest);
