// Share links with the loaded plugins, on SQLite and MariaDB: a link shows one plan
// version to someone signed out, read-only, with the case number as the only reference
// (no patient reference, no person, no clinic); its files download through it and only
// its own; it dies when revoked or after aligners.share.days, and then answers exactly as a
// token never made does; no table holds the token.
#include "AlignersPortal.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace molar::test;

namespace {

// The page with its own address (the layout's sign-in link returns there) taken out.
std::string withoutPath(std::string body, const std::string& path)
{
    for (auto at = body.find(path); at != std::string::npos; at = body.find(path, at))
        body.replace(at, path.size(), "<path>");
    return body;
}

} // namespace

class ShareLinkTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ShareLinkTest);
    CPPUNIT_TEST(aLinkShowsThePlanAndNothingElse);
    CPPUNIT_TEST(revokedAndExpiredLinksLookUnknown);
    CPPUNIT_TEST(onlyTheCasesReadersShareAndRevoke);
    CPPUNIT_TEST_SUITE_END();

public:
    void aLinkShowsThePlanAndNothingElse()
    {
        AlignersPortal portal;
        const std::int64_t caseId = portal.submittedAligners(*portal.pearlDentist(), "PATIENT-REF-778");
        const std::int64_t planId = portal.uploadedPlan(caseId);
        auto dentist = portal.pearlDentist();
        const Answer made = dentist->post("/aligners/plans/" + std::to_string(planId) + "/shares", {});
        CPPUNIT_ASSERT_EQUAL(200, made.status);
        CPPUNIT_ASSERT_EQUAL(std::string("no-store"), made.header("Cache-Control"));
        const std::string link = AlignersPortal::shareLinkIn(made.body);
        CPPUNIT_ASSERT_MESSAGE(made.body, !link.empty());
        const std::string token = link.substr(std::string("/plans/shared/").size());
        // Only its digest is stored.
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), portal.count("SELECT COUNT(*) FROM aligner_share_links"));
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(0),
            portal.count("SELECT COUNT(*) FROM aligner_share_links WHERE token_hash = ?", {token}));
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(0),
            portal.count("SELECT COUNT(*) FROM molar_audit WHERE detail LIKE ?", {"%" + token + "%"}));

        HttpBrowser visitor(portal.portal());
        const Answer shared = visitor.get(link);
        CPPUNIT_ASSERT_EQUAL(200, shared.status);
        MOLAR_ASSERT_CONTAINS(portal.number(caseId), shared.body);
        MOLAR_ASSERT_CONTAINS("0.2 mm between 12 and 11 at step 4", shared.body);
        MOLAR_ASSERT_CONTAINS("QAR\u00a05,900.00", shared.body);
        CPPUNIT_ASSERT_EQUAL(std::string("noindex"), shared.header("X-Robots-Tag"));
        // Nothing beyond the plan: no patient reference, nobody's name, no clinic, no decision form.
        for (const std::string hidden : {"PATIENT-REF-778", "Karim", "Nasser", "Mariam", "Pearl",
                                         "name=\"planType\"", "/aligners/plans/"})
            CPPUNIT_ASSERT_MESSAGE(hidden, shared.body.find(hidden) == std::string::npos);
        // Its plan's files, through the link; not another plan's.
        const std::int64_t stl = portal.count(
            "SELECT id FROM aligner_plan_files WHERE plan_id = ? AND arch = 'upper' AND step = 20", {planId});
        const Answer file = visitor.get(link + "/files/" + std::to_string(stl));
        CPPUNIT_ASSERT_EQUAL(200, file.status);
        CPPUNIT_ASSERT_EQUAL(binaryStl(6), file.body);
        const std::int64_t otherCase = portal.submittedAligners(*portal.pearlDentist(), "P-OTHER");
        const std::int64_t otherPlan = portal.uploadedPlan(otherCase);
        const std::int64_t otherFile =
            portal.count("SELECT MIN(id) FROM aligner_plan_files WHERE plan_id = ?", {otherPlan});
        CPPUNIT_ASSERT_EQUAL(404, visitor.get(link + "/files/" + std::to_string(otherFile)).status);
    }

    void revokedAndExpiredLinksLookUnknown()
    {
        AlignersPortal portal;
        const std::int64_t caseId = portal.submittedAligners();
        const std::int64_t planId = portal.uploadedPlan(caseId);
        auto owner = portal.pearlOwner();
        const std::string shareAt = "/aligners/plans/" + std::to_string(planId) + "/shares";
        const std::string revoked = AlignersPortal::shareLinkIn(owner->post(shareAt, {}).body);
        const std::string expiring = AlignersPortal::shareLinkIn(owner->post(shareAt, {}).body);
        CPPUNIT_ASSERT(!revoked.empty() && !expiring.empty() && revoked != expiring);

        HttpBrowser visitor(portal.portal());
        const std::string never = "/plans/shared/" + std::string(43, 'A');
        const Answer unknown = visitor.get(never);
        CPPUNIT_ASSERT_EQUAL(404, unknown.status);
        CPPUNIT_ASSERT_EQUAL(404, visitor.get("/plans/shared/short").status);
        CPPUNIT_ASSERT_EQUAL(200, visitor.get(revoked).status);

        const std::int64_t revokedId = portal.count("SELECT MIN(id) FROM aligner_share_links");
        AlignersPortal::expectRedirect(
            owner->post("/aligners/shares/" + std::to_string(revokedId) + "/revoke", {}),
            AlignersPortal::planPath(caseId) + "#shares");
        const Answer afterRevoke = visitor.get(revoked);
        CPPUNIT_ASSERT_EQUAL(404, afterRevoke.status);
        CPPUNIT_ASSERT_EQUAL(withoutPath(unknown.body, never), withoutPath(afterRevoke.body, revoked));
        CPPUNIT_ASSERT_EQUAL(404, visitor.get(revoked + "/files/1").status);
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(1),
            portal.count("SELECT COUNT(*) FROM molar_audit WHERE action = 'aligners.share_revoked'"));

        // aligners.share.days is 30: the last moment still opens it, the next does not.
        portal.advance(30 * AlignersPortal::kDayMs - 1);
        CPPUNIT_ASSERT_EQUAL(200, visitor.get(expiring).status);
        portal.advance(1);
        const Answer expired = visitor.get(expiring);
        CPPUNIT_ASSERT_EQUAL(404, expired.status);
        CPPUNIT_ASSERT_EQUAL(withoutPath(unknown.body, never), withoutPath(expired.body, expiring));
    }

    void onlyTheCasesReadersShareAndRevoke()
    {
        AlignersPortal portal;
        const std::int64_t caseId = portal.submittedAligners();
        const std::int64_t planId = portal.uploadedPlan(caseId);
        auto owner = portal.pearlOwner();
        const std::string link = AlignersPortal::shareLinkIn(
            owner->post("/aligners/plans/" + std::to_string(planId) + "/shares", {}).body);
        const std::int64_t shareId = portal.count("SELECT MIN(id) FROM aligner_share_links");
        auto smile = portal.smileDentist();
        CPPUNIT_ASSERT_EQUAL(404,
                             smile->post("/aligners/plans/" + std::to_string(planId) + "/shares", {}).status);
        CPPUNIT_ASSERT_EQUAL(
            404, smile->post("/aligners/shares/" + std::to_string(shareId) + "/revoke", {}).status);
        HttpBrowser visitor(portal.portal());
        CPPUNIT_ASSERT_EQUAL(200, visitor.get(link).status);
        // The lab may make and revoke links too (it sends plans to the clinic's colleagues).
        auto admin = portal.labAdmin();
        CPPUNIT_ASSERT_EQUAL(200,
                             admin->post("/aligners/plans/" + std::to_string(planId) + "/shares", {}).status);
        AlignersPortal::expectRedirect(
            admin->post("/aligners/shares/" + std::to_string(shareId) + "/revoke", {}),
            AlignersPortal::planPath(caseId) + "#shares");
        CPPUNIT_ASSERT_EQUAL(404, visitor.get(link).status);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ShareLinkTest);
