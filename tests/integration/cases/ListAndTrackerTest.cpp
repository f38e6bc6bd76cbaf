// My Cases (counts, search, filters, keyset pages) and the public tracker.
#include "CasesPortal.h"

#include <regex>
#include <set>

using namespace molar::test;

class ListAndTrackerTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ListAndTrackerTest);
    CPPUNIT_TEST(pagesWalkEveryCaseOnceNewestFirst);
    CPPUNIT_TEST(countsFilterTheList);
    CPPUNIT_TEST(stageCountsAndTheFirstPageReadIndexesOnly);
    CPPUNIT_TEST(searchFindsNumberPatientAndProduct);
    CPPUNIT_TEST(badFilterValuesAreExplained);
    CPPUNIT_TEST(trackerShowsStageAndEtaButNothingPersonal);
    CPPUNIT_TEST(trackerShowsWhereAHeldCaseStopped);
    CPPUNIT_TEST(trackerShowsNoDueDateOnceClosed);
    CPPUNIT_TEST(trackerAnswersUnknownNumbersInTheSameShape);
    CPPUNIT_TEST(trackerIsRateLimited);
    CPPUNIT_TEST(navigationShowsEachSideItsPages);
    CPPUNIT_TEST_SUITE_END();

    static std::vector<std::string> caseLinks(const std::string& body)
    {
        std::vector<std::string> links;
        std::regex row("<th scope=\"row\"><a href=\"(/cases/[0-9]+)\">");
        for (auto it = std::sregex_iterator(body.begin(), body.end(), row); it != std::sregex_iterator();
             ++it)
            links.push_back((*it)[1]);
        return links;
    }

    static std::string nextHref(const std::string& body)
    {
        std::smatch m;
        if (!std::regex_search(body, m, std::regex("<a href=\"([^\"]+)\" rel=\"next\">")))
            return "";
        std::string href = m[1];
        for (std::size_t p; (p = href.find("&amp;")) != std::string::npos;)
            href.replace(p, 5, "&");
        return href;
    }

    // Drafts made straight in the table: the list's paging does not care how they came.
    static void seedDrafts(CasesPortal& cases, int count, std::int64_t sameUpdatedAt)
    {
        auto user = cases.db().query(
            "SELECT id, organization_id FROM molar_users WHERE email = 'dentist@pearl.example'");
        cases.db().transaction([&](molar::sdk::Transaction& tx) {
            for (int i = 0; i < count; ++i)
                tx.execute(
                    "INSERT INTO cases_cases (organization_id, owner_user_id, created_by, patient_ref, "
                    "product, status, fields, created_at, updated_at) VALUES (?, ?, ?, ?, 'zirconia_crown', "
                    "'draft', '', ?, ?)",
                    {user.get(0, "organization_id").asInt(), user.get(0, "id").asInt(),
                     user.get(0, "id").asInt(), "S-" + std::to_string(i), sameUpdatedAt,
                     // Groups of equal times make the id tie-break matter.
                     sameUpdatedAt + (i / 7)});
        });
    }

public:
    void pagesWalkEveryCaseOnceNewestFirst()
    {
        CasesPortal cases;
        seedDrafts(cases, 60, 1778500000);
        auto dentist = cases.pearlDentist();
        std::vector<std::string> seen;
        std::string href = "/cases";
        int pages = 0;
        while (!href.empty() && pages < 10) {
            const Answer page = dentist->get(href);
            CPPUNIT_ASSERT_EQUAL(200, page.status);
            const auto links = caseLinks(page.body);
            seen.insert(seen.end(), links.begin(), links.end());
            href = nextHref(page.body);
            ++pages;
        }
        CPPUNIT_ASSERT_EQUAL(3, pages);
        CPPUNIT_ASSERT_EQUAL(std::size_t(60), seen.size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(60), std::set<std::string>(seen.begin(), seen.end()).size());
        // Newest change first: the highest ids of the latest group lead.
        auto newest =
            cases.db().query("SELECT id FROM cases_cases ORDER BY updated_at DESC, id DESC LIMIT 1");
        CPPUNIT_ASSERT_EQUAL("/cases/" + std::to_string(newest.get(0, "id").asInt()), seen.front());
    }

    void countsFilterTheList()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        const std::int64_t submitted = cases.completeCrownDraft(*dentist, "P-300");
        cases.submit(*dentist, submitted);
        cases.completeCrownDraft(*dentist, "P-301");
        const Answer all = dentist->get("/cases");
        MOLAR_ASSERT_CONTAINS("href=\"/cases?status=received\" >Received <span class=\"count\">1</span>",
                              all.body);
        MOLAR_ASSERT_CONTAINS("href=\"/cases?status=draft\" >Draft <span class=\"count\">1</span>", all.body);
        const Answer received = dentist->get("/cases?status=received");
        MOLAR_ASSERT_CONTAINS("P-300", received.body);
        MOLAR_ASSERT_NOT_CONTAINS("P-301", received.body);
    }

    void searchFindsNumberPatientAndProduct()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        const std::int64_t id = cases.completeCrownDraft(*dentist, "P-310");
        const std::string number = cases.submit(*dentist, id);
        cases.completeCrownDraft(*dentist, "Q-311");
        std::string lower = number;
        for (auto& c : lower)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const Answer byNumber = dentist->get("/cases?q=" + lower);
        MOLAR_ASSERT_CONTAINS("P-310", byNumber.body);
        MOLAR_ASSERT_NOT_CONTAINS("Q-311", byNumber.body);
        const Answer byPatient = dentist->get("/cases?q=Q-3");
        MOLAR_ASSERT_CONTAINS("Q-311", byPatient.body);
        MOLAR_ASSERT_NOT_CONTAINS("P-310", byPatient.body);
        const Answer byProduct = dentist->get("/cases?q=zirconia");
        MOLAR_ASSERT_CONTAINS("Q-311", byProduct.body);
        MOLAR_ASSERT_CONTAINS("P-310", byProduct.body);
        const Answer none = dentist->get("/cases?q=veneer");
        MOLAR_ASSERT_CONTAINS("No cases match.", none.body);
        // Created today (Qatar), and not before.
        MOLAR_ASSERT_CONTAINS("P-310",
                              dentist->get("/cases?createdFrom=2026-05-12&createdTo=2026-05-12").body);
        MOLAR_ASSERT_NOT_CONTAINS("P-310", dentist->get("/cases?createdTo=2026-05-11").body);
    }

    void badFilterValuesAreExplained()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        const Answer badDate = dentist->get("/cases?createdFrom=12/05/2026");
        CPPUNIT_ASSERT_EQUAL(400, badDate.status);
        MOLAR_ASSERT_CONTAINS("id=\"createdFrom-error\"", badDate.body);
        const Answer badCursor = dentist->get("/cases?after=drop-table");
        CPPUNIT_ASSERT_EQUAL(400, badCursor.status);
    }

    void trackerShowsStageAndEtaButNothingPersonal()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        auto admin = cases.labAdmin();
        const std::int64_t id = cases.completeCrownDraft(*dentist, "P-320");
        const std::string number = cases.submit(*dentist, id);
        admin->post("/cases/" + std::to_string(id) + "/actions/accept", {});
        HttpBrowser stranger(cases.portal());
        const Answer page = stranger.get("/track/" + number);
        CPPUNIT_ASSERT_EQUAL(200, page.status);
        MOLAR_ASSERT_CONTAINS("<strong>In design</strong>", page.body);
        MOLAR_ASSERT_CONTAINS("May 17, 2026, 7:00\u202fPM", page.body); // due, in the lab's zone
        MOLAR_ASSERT_NOT_CONTAINS("P-320", page.body);
        MOLAR_ASSERT_NOT_CONTAINS("Pearl", page.body);
        MOLAR_ASSERT_NOT_CONTAINS("Zirconia", page.body);
    }

    void trackerShowsWhereAHeldCaseStopped()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        auto admin = cases.labAdmin();
        const std::int64_t id = cases.completeCrownDraft(*dentist, "P-322");
        const std::string number = cases.submit(*dentist, id);
        const std::string base = "/cases/" + std::to_string(id) + "/actions/";
        admin->post(base + "accept", {});
        CPPUNIT_ASSERT_EQUAL(303, admin->post(base + "hold", {{"reason", "Unclear margin"}}).status);
        HttpBrowser stranger(cases.portal());
        const Answer held = stranger.get("/track/" + number);
        CPPUNIT_ASSERT_EQUAL(200, held.status);
        MOLAR_ASSERT_CONTAINS("<strong>On hold</strong>", held.body);
        MOLAR_ASSERT_CONTAINS("Accepted<span class=\"step-state\"> (done)", held.body);
        MOLAR_ASSERT_CONTAINS("In design<span class=\"step-state\"> (reached)", held.body);
        MOLAR_ASSERT_CONTAINS("aria-current=\"step\">On hold</li>", held.body);
        // Stages the case has not passed are not ticked.
        MOLAR_ASSERT_NOT_CONTAINS("Manufacturing<span", held.body);
        MOLAR_ASSERT_NOT_CONTAINS("Delivered<span", held.body);
        MOLAR_ASSERT_NOT_CONTAINS("Unclear margin", held.body);
        // Cancelled while held: where it stopped, then Cancelled, and nothing after.
        CPPUNIT_ASSERT_EQUAL(303, admin->post(base + "cancel", {{"reason", "Patient moved"}}).status);
        const Answer cancelled = stranger.get("/track/" + number);
        MOLAR_ASSERT_CONTAINS("In design<span class=\"step-state\"> (reached)", cancelled.body);
        MOLAR_ASSERT_CONTAINS("aria-current=\"step\">Cancelled</li></ol>", cancelled.body);
        MOLAR_ASSERT_NOT_CONTAINS(">On hold<", cancelled.body);
        MOLAR_ASSERT_NOT_CONTAINS("Due", cancelled.body);
    }

    void trackerShowsNoDueDateOnceClosed()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        auto admin = cases.labAdmin();
        const std::int64_t id = cases.completeCrownDraft(*dentist, "P-323");
        const std::string number = cases.submit(*dentist, id);
        const std::string base = "/cases/" + std::to_string(id) + "/actions/";
        for (const char* action : {"accept", "to_production", "to_finishing", "to_qc", "ship"})
            CPPUNIT_ASSERT_EQUAL_MESSAGE(action, 303, admin->post(base + action, {}).status);
        HttpBrowser stranger(cases.portal());
        MOLAR_ASSERT_CONTAINS("Due", stranger.get("/track/" + number).body);
        CPPUNIT_ASSERT_EQUAL(303, admin->post(base + "deliver", {}).status);
        const Answer delivered = stranger.get("/track/" + number);
        MOLAR_ASSERT_CONTAINS("Out for delivery<span class=\"step-state\"> (done)", delivered.body);
        MOLAR_ASSERT_CONTAINS("aria-current=\"step\">Delivered</li>", delivered.body);
        MOLAR_ASSERT_NOT_CONTAINS("Due", delivered.body);
        MOLAR_ASSERT_NOT_CONTAINS("May 17, 2026", delivered.body);
        // A remake request: every stage done, Delivered reached, then the request.
        CPPUNIT_ASSERT_EQUAL(303, dentist->post(base + "request_remake", {{"reason", "Shade"}}).status);
        const Answer remake = stranger.get("/track/" + number);
        MOLAR_ASSERT_CONTAINS("Delivered<span class=\"step-state\"> (reached)", remake.body);
        MOLAR_ASSERT_CONTAINS("aria-current=\"step\">Remake requested</li></ol>", remake.body);
    }

    void trackerAnswersUnknownNumbersInTheSameShape()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        const std::int64_t draft = cases.completeCrownDraft(*dentist, "P-321");
        HttpBrowser stranger(cases.portal());
        const Answer unknown = stranger.get("/track/TR-260512-0000");
        const Answer garbage = stranger.get("/track/%3Cscript%3E");
        CPPUNIT_ASSERT_EQUAL(404, unknown.status);
        CPPUNIT_ASSERT_EQUAL(404, garbage.status);
        MOLAR_ASSERT_CONTAINS("No case with this number can be shown", unknown.body);
        MOLAR_ASSERT_NOT_CONTAINS("<script>", garbage.body);
        (void)draft;
    }

    // Every list page counts the organization's (or a dentist's) cases by stage: an index
    // must answer that alone, or the count reads every case row of the organization (it
    // did, and a million cases made the page ten times slower). The first page's own
    // query keeps its order from its index: no sort of the organization's cases.
    void stageCountsAndTheFirstPageReadIndexesOnly()
    {
        CasesPortal cases;
        seedDrafts(cases, 60, 1778500000);
        auto& db = cases.db();
        const bool sqlite = db.dialect() == molar::sdk::Dialect::SQLite;
        const std::string explain = sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN ";
        // SQLite's plan in words; MariaDB's "Extra" as "; Using where; Using index;", where
        // "Using index" alone (not "Using index condition") is the covering read.
        const auto plan = [&](const std::string& sql) {
            auto rows = db.query(explain + sql);
            std::string text;
            for (std::size_t r = 0; r < rows.size(); ++r)
                text += sqlite ? rows.get(r, "detail").toString() + "\n"
                               : "; " + rows.get(r, "Extra").toString() + ";";
            return text;
        };
        for (const char* sql :
             {"SELECT stage, COUNT(*) AS n FROM cases_cases WHERE organization_id = 1 GROUP BY stage",
              "SELECT stage, COUNT(*) AS n FROM cases_cases WHERE owner_user_id = 3 AND "
              "organization_id = 1 GROUP BY stage"}) {
            const std::string text = plan(sql);
            CPPUNIT_ASSERT_MESSAGE(text, text.find(sqlite ? "COVERING INDEX" : "; Using index;") !=
                                             std::string::npos);
        }
        if (sqlite) {
            const std::string text =
                plan("SELECT id FROM cases_cases WHERE organization_id = 1 ORDER BY updated_at "
                     "DESC, id DESC LIMIT 26");
            CPPUNIT_ASSERT_MESSAGE(text, text.find("TEMP B-TREE") == std::string::npos);
        }
    }

    void trackerIsRateLimited()
    {
        CasesPortal cases(DemoPortal::Settings{{"cases.tracker.requestsPerMinute", "3"}});
        HttpBrowser stranger(cases.portal());
        for (int i = 0; i < 3; ++i)
            CPPUNIT_ASSERT_EQUAL(404, stranger.get("/track/TR-260512-000" + std::to_string(i)).status);
        const Answer refused = stranger.get("/track/TR-260512-0009");
        CPPUNIT_ASSERT_EQUAL(429, refused.status);
        CPPUNIT_ASSERT_EQUAL(std::string("60"), refused.header("Retry-After"));
        // Counted in the database, where every host sharing it sees the same count.
        auto rows = cases.db().query("SELECT hits FROM molar_rate_limits WHERE bucket = 'cases.tracker'");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), rows.size());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(4), rows.row(0).at(0).asInt());
        cases.clock.advance(std::chrono::minutes(1));
        CPPUNIT_ASSERT_EQUAL(404, stranger.get("/track/TR-260512-000A").status);
    }

    void navigationShowsEachSideItsPages()
    {
        CasesPortal cases;
        const Answer clinic = cases.pearlDentist()->get("/cases/new");
        MOLAR_ASSERT_CONTAINS("<a href=\"/cases/new\" aria-current=\"page\">Send a case</a>", clinic.body);
        MOLAR_ASSERT_CONTAINS("<a href=\"/cases\">My cases</a>", clinic.body);
        MOLAR_ASSERT_NOT_CONTAINS("Lab board", clinic.body);
        const Answer lab = cases.labAdmin()->get("/lab/cases");
        MOLAR_ASSERT_CONTAINS("<a href=\"/lab/cases\" aria-current=\"page\">Lab board</a>", lab.body);
        MOLAR_ASSERT_NOT_CONTAINS("My cases", lab.body);
        HttpBrowser visitor(cases.portal());
        const Answer home = visitor.get("/");
        MOLAR_ASSERT_CONTAINS("<a href=\"/track\">Track a case</a>", home.body);
        MOLAR_ASSERT_NOT_CONTAINS("Lab board", home.body);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ListAndTrackerTest);
