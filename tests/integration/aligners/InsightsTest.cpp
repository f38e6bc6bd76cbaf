// Practice insights on SQLite and MariaDB against a fixture placed with the clock and
// counted by hand, for the organization and each of its practices (clinics), in a table
// the period picker changes; the lab has none (404); the clinic dashboard's panel.
//
// T0 = Tuesday 12 May 2026, 06:00 UTC (the portal's epoch).
//   T0        A1, A2 submitted; their plans uploaded
//   T0+10h    A1 accepted (10 h after its upload); changes asked for on A2
//   T1 = T0+35d  B1, B2, B3 submitted; their plans uploaded
//   T1+5h     B1 accepted (5 h); changes asked for on B2, its version 2 uploaded;
//             B3 rejected
//   T1+8h     B2 version 2 accepted (8 h after B2's first upload)
//   now = T1+1d+8h
// B3 is moved to Pearl's other clinic (Al Sadd); the rest are West Bay's. A case of
// another organization is added straight into aligner_cases and never counts.
//
// 30 days: current [now-30d, now] holds the B events, previous [now-60d, now-30d) the A's.
//   Whole practice  current: 3 submitted; decided 4 (B1 acc, B2 mod, B2 acc, B3 rej),
//                   2 approved, 50%, mean (5+8)/2 = 6.5 h
//                   previous: 2 submitted; decided 2 (A1 acc, A2 mod), 1 approved, 50%, 10.0 h
//                   change: +1 (+50%), +1 (+100%), 0 points, -3.5 h (-35%)
//   West Bay        current: 2 submitted; decided 3, 2 approved, 67%, 6.5 h
//                   previous: 2; 2 decided, 1 approved, 50%, 10.0 h
//                   change: 0 (0%), +1 (+100%), +17 points, -3.5 h (-35%)
//   Al Sadd         current: 1 submitted; decided 1 (rejected), 0 approved, 0%, none
//                   previous: 0, 0, none, none; change +1, 0, none, none
// 90 days: everything is current, nothing previous.
//   Whole practice  5 submitted, 3 approved of 6 decided = 50%, mean (10+5+8)/3 = 7.67 -> 7.7 h
#include "AlignersPortal.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace molar::test;

class InsightsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(InsightsTest);
    CPPUNIT_TEST(thePeriodsAgainstTheDaysBeforeAsCountedByHand);
    CPPUNIT_TEST_SUITE_END();

    static constexpr std::int64_t kHourMs = 3600LL * 1000;

    static std::string row(const std::string& label, const std::string& current, const std::string& previous,
                           const std::string& change)
    {
        return "<tr><th scope=\"row\">" + label + "</th><td>" + current + "</td><td>" + previous +
               "</td><td>" + change + "</td></tr>";
    }

    // The table of one caption: from its caption to its end.
    static std::string table(const std::string& body, const std::string& caption)
    {
        const auto start = body.find("<caption>" + caption + "</caption>");
        CPPUNIT_ASSERT_MESSAGE("no table " + caption, start != std::string::npos);
        return body.substr(start, body.find("</table>", start) - start);
    }

    static void decide(AlignersPortal& portal, std::int64_t caseId, const std::string& what)
    {
        const std::string base = "/aligners/plans/" + std::to_string(portal.latestPlan(caseId));
        auto owner = portal.pearlOwner();
        const Answer answer = what == "accept"   ? owner->post(base + "/accept", {{"planType", "ONE"}})
                              : what == "modify" ? owner->post(base + "/modify", {{"reason", "Less IPR"}})
                                                 : owner->post(base + "/reject", {{"reason", "Not now"}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(answer.body, 303, answer.status);
    }

public:
    void thePeriodsAgainstTheDaysBeforeAsCountedByHand()
    {
        AlignersPortal portal;
        auto dentist = portal.pearlDentist();
        const std::int64_t a1 = portal.submittedAligners(*dentist, "P-A1");
        const std::int64_t a2 = portal.submittedAligners(*dentist, "P-A2");
        portal.uploadedPlan(a1);
        portal.uploadedPlan(a2);
        portal.advance(10 * kHourMs);
        decide(portal, a1, "accept");
        decide(portal, a2, "modify");

        portal.advance(35 * AlignersPortal::kDayMs - 10 * kHourMs);
        dentist = portal.pearlDentist(); // the first session ended meanwhile
        const std::int64_t b1 = portal.submittedAligners(*dentist, "P-B1");
        const std::int64_t b2 = portal.submittedAligners(*dentist, "P-B2");
        const std::int64_t b3 = portal.submittedAligners(*dentist, "P-B3");
        for (const std::int64_t id : {b1, b2, b3})
            portal.uploadedPlan(id);
        portal.advance(5 * kHourMs);
        decide(portal, b1, "accept");
        decide(portal, b2, "modify");
        decide(portal, b3, "reject");
        portal.uploadedPlan(b2);
        portal.advance(3 * kHourMs);
        decide(portal, b2, "accept");
        portal.advance(AlignersPortal::kDayMs);

        const std::int64_t alSadd =
            portal.db()
                .query("SELECT c.id FROM molar_clinics c JOIN molar_users u ON u.organization_id = "
                       "c.organization_id "
                       "WHERE u.email = 'owner@pearl.example' AND c.name = 'Pearl Dental Al Sadd'")
                .get(0, "id")
                .asInt();
        portal.db().execute("UPDATE aligner_cases SET clinic_id = ? WHERE case_id = ?", {alSadd, b3});
        const std::int64_t smile =
            portal.db()
                .query("SELECT organization_id FROM molar_users WHERE email = 'dentist@smile.example'")
                .get(0, "organization_id")
                .asInt();
        portal.db().execute(
            "INSERT INTO aligner_cases (case_id, case_number, organization_id, clinic_id, status, "
            "submitted_at, updated_at) VALUES (990001, 'X-990001', ?, 0, 'in_planning', ?, ?)",
            {smile, portal.nowMs() - AlignersPortal::kDayMs, portal.nowMs()});

        auto owner = portal.pearlOwner();
        Answer page = owner->get("/aligners/insights");
        CPPUNIT_ASSERT_EQUAL(200, page.status);
        MOLAR_ASSERT_CONTAINS("<label for=\"insights-period\">Period</label>", page.body);
        MOLAR_ASSERT_CONTAINS("<select id=\"insights-period\" name=\"period\">", page.body);
        MOLAR_ASSERT_CONTAINS("<option value=\"30\" selected>Last 30 days</option>", page.body);
        MOLAR_ASSERT_CONTAINS("<button type=\"submit\">Show</button>", page.body);
        MOLAR_ASSERT_CONTAINS("<th scope=\"col\">Previous period</th>", page.body);

        std::string whole = table(page.body, "The whole practice");
        MOLAR_ASSERT_CONTAINS(row("Cases submitted", "3", "2", "+1 (+50%)"), whole);
        MOLAR_ASSERT_CONTAINS(row("Plans approved", "2", "1", "+1 (+100%)"), whole);
        MOLAR_ASSERT_CONTAINS(row("Approval rate", "50%", "50%", "0 percentage points"), whole);
        MOLAR_ASSERT_CONTAINS(row("Mean time to approve", "6.5 h", "10.0 h", "-3.5 h (-35%)"), whole);

        const std::string westBay = table(page.body, "Clinic: Pearl Dental West Bay");
        MOLAR_ASSERT_CONTAINS(row("Cases submitted", "2", "2", "0 (0%)"), westBay);
        MOLAR_ASSERT_CONTAINS(row("Plans approved", "2", "1", "+1 (+100%)"), westBay);
        MOLAR_ASSERT_CONTAINS(row("Approval rate", "67%", "50%", "+17 percentage points"), westBay);
        MOLAR_ASSERT_CONTAINS(row("Mean time to approve", "6.5 h", "10.0 h", "-3.5 h (-35%)"), westBay);

        const std::string sadd = table(page.body, "Clinic: Pearl Dental Al Sadd");
        MOLAR_ASSERT_CONTAINS(row("Cases submitted", "1", "0", "+1"), sadd);
        MOLAR_ASSERT_CONTAINS(row("Plans approved", "0", "0", "0"), sadd);
        MOLAR_ASSERT_CONTAINS(row("Approval rate", "0%", "none", "none"), sadd);
        MOLAR_ASSERT_CONTAINS(row("Mean time to approve", "none", "none", "none"), sadd);
        // The practice's clinics by name: Al Sadd before West Bay, after the whole.
        CPPUNIT_ASSERT(page.body.find("Pearl Dental Al Sadd</caption>") <
                       page.body.find("Pearl Dental West Bay</caption>"));

        page = owner->get("/aligners/insights?period=90");
        MOLAR_ASSERT_CONTAINS("<option value=\"90\" selected>Last 90 days</option>", page.body);
        whole = table(page.body, "The whole practice");
        MOLAR_ASSERT_CONTAINS(row("Cases submitted", "5", "0", "+5"), whole);
        MOLAR_ASSERT_CONTAINS(row("Plans approved", "3", "0", "+3"), whole);
        MOLAR_ASSERT_CONTAINS(row("Approval rate", "50%", "none", "none"), whole);
        MOLAR_ASSERT_CONTAINS(row("Mean time to approve", "7.7 h", "none", "none"), whole);
        // A period not offered falls back to 30 days.
        MOLAR_ASSERT_CONTAINS("<option value=\"30\" selected>",
                              owner->get("/aligners/insights?period=7").body);

        // Any member of the practice reads them; the lab has no practice.
        CPPUNIT_ASSERT_EQUAL(200, portal.pearlDentist()->get("/aligners/insights").status);
        CPPUNIT_ASSERT_EQUAL(404, portal.labAdmin()->get("/aligners/insights").status);
        // Smile's own figures hold only its own case.
        whole = table(portal.smileDentist()->get("/aligners/insights").body, "The whole practice");
        MOLAR_ASSERT_CONTAINS(row("Cases submitted", "1", "0", "+1"), whole);

        // The clinic dashboard's panel: the last 30 days and the way to the page.
        const Answer dashboard = owner->get("/cases/dashboard");
        CPPUNIT_ASSERT_EQUAL(200, dashboard.status);
        MOLAR_ASSERT_CONTAINS("Aligner insights", dashboard.body);
        MOLAR_ASSERT_CONTAINS("Last 30 days: aligner cases submitted: 3; treatment plans approved: 2.",
                              dashboard.body);
        MOLAR_ASSERT_CONTAINS("<a href=\"/aligners/insights\">See the practice insights</a>", dashboard.body);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(InsightsTest);
