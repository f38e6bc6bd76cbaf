// Claims on a real Portal, on SQLite and MariaDB: a clinic files one with a photo (kept
// without its camera, place and names); the lab approves it into a no-cost remake of the
// case, linked both ways and billed to no one, or declines it with a reason; one open
// claim at a time, a form sent twice files once, no claim on an expired or void warranty;
// another organization can neither file, answer nor see one.
#include "PhotoFixtures.h"
#include "WarrantyPortal.h"

#include <molar/photos/PhotoMetadata.h>

#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <fstream>
#include <memory>
#include <stdexcept>

using namespace molar::test;

namespace {

struct Delivered
{
    std::int64_t caseId = 0;
    std::int64_t warrantyId = 0;
    std::string path; // the warranty's page
};

Delivered deliveredCrown(WarrantyPortal& portal)
{
    Delivered d;
    d.caseId = portal.submittedCrown("P-CLAIM");
    portal.deliver(d.caseId);
    d.warrantyId = portal.warrantyOf(d.caseId);
    d.path = "/warranties/" + std::to_string(d.warrantyId);
    CPPUNIT_ASSERT(d.warrantyId != 0);
    return d;
}

Answer fileClaim(HttpBrowser& browser, const Delivered& d, const std::string& formKey,
                 const std::string& reason = "fractured",
                 const std::string& photo = molar::cases::fixtures::jpegWithMetadata(),
                 const std::string& photoName = "front.jpg")
{
    return browser.postFile(d.path + "/claims",
                            {{"_csrf", browser.cookie("molar_csrf")},
                             {"formKey", formKey},
                             {"reason", reason},
                             {"description", "The crown fractured at the margin while eating."}},
                            "photos", photoName, photo);
}

} // namespace

class WarrantyClaimTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(WarrantyClaimTest);
    CPPUNIT_TEST(testApprovedClaimBecomesAFreeRemake);
    CPPUNIT_TEST(testTheRemakeIsBilledToNoOne);
    CPPUNIT_TEST(testAFailedApprovalLeavesNothingHalfDone);
    CPPUNIT_TEST(testDeclinedClaimTellsWhy);
    CPPUNIT_TEST(testOneOpenClaimAndOneClaimPerForm);
    CPPUNIT_TEST(testExpiredOrVoidCannotBeClaimed);
    CPPUNIT_TEST(testBadInputIsToldBesideItsField);
    CPPUNIT_TEST(testAnotherOrganizationCannotTouchIt);
    CPPUNIT_TEST_SUITE_END();

public:
    void testApprovedClaimBecomesAFreeRemake()
    {
        WarrantyPortal portal;
        const Delivered d = deliveredCrown(portal);
        auto owner = portal.pearlOwner();
        const Answer filed = fileClaim(*owner, d, "form-1");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(filed.body, 303, filed.status);
        const std::int64_t claimId =
            portal.count("SELECT id FROM warranty_claims WHERE warranty_id = ?", {d.warrantyId});
        CPPUNIT_ASSERT_EQUAL(std::string("open"),
                             portal.text("SELECT state FROM warranty_claims WHERE id = ?", {claimId}));

        // The photo is kept without its metadata, and shown to the clinic and the lab.
        const std::int64_t photoId =
            portal.count("SELECT id FROM warranty_claim_photos WHERE claim_id = ?", {claimId});
        const std::string photoPath =
            d.path + "/claims/" + std::to_string(claimId) + "/photos/" + std::to_string(photoId);
        const Answer photo = owner->get(photoPath);
        CPPUNIT_ASSERT_EQUAL(200, photo.status);
        CPPUNIT_ASSERT_EQUAL(std::string("image/jpeg"), photo.header("Content-Type"));
        CPPUNIT_ASSERT(photo.body.find("Canon") == std::string::npos);
        CPPUNIT_ASSERT(photo.body.find("Patient 4711") == std::string::npos);
        CPPUNIT_ASSERT(photo.body.find("Jane Smith") == std::string::npos);
        const std::string kept = portal.files.path() + "/kept.jpg";
        std::ofstream(kept, std::ios::binary) << photo.body;
        const auto count = molar::photos::countPhotoMetadata(kept);
        CPPUNIT_ASSERT(count.xmp == 0 && count.iptc == 0 && count.exif <= 1);
        CPPUNIT_ASSERT_EQUAL(200, portal.technician()->get(photoPath).status);

        // The lab's list points at the claim waiting for an answer.
        CPPUNIT_ASSERT(portal.technician()->get("/warranties").body.find(d.path + "#claims") !=
                       std::string::npos);
        // The lab is told; its admin approves.
        portal.settle();
        CPPUNIT_ASSERT(
            portal.count("SELECT COUNT(*) FROM molar_notifications WHERE rule = 'warranty_claim_filed'") >=
            1);
        auto lead = portal.labAdmin();
        const Answer approved = lead->post(d.path + "/claims/" + std::to_string(claimId) + "/approve", {});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(approved.body, 303, approved.status);

        const std::int64_t remakeId =
            portal.count("SELECT remake_case_id FROM warranty_claims WHERE id = ?", {claimId});
        CPPUNIT_ASSERT(remakeId != 0 && remakeId != d.caseId);
        CPPUNIT_ASSERT_EQUAL(d.caseId,
                             portal.count("SELECT remake_of FROM cases_cases WHERE id = ?", {remakeId}));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1),
                             portal.count("SELECT no_charge FROM cases_cases WHERE id = ?", {remakeId}));
        CPPUNIT_ASSERT_EQUAL(std::string("received"), portal.status(remakeId));
        const std::string remakeNumber = portal.number(remakeId);
        CPPUNIT_ASSERT_EQUAL(
            remakeNumber, portal.text("SELECT remake_number FROM warranty_claims WHERE id = ?", {claimId}));
        // The same work: product, teeth, clinic and dentist.
        CPPUNIT_ASSERT_EQUAL(portal.text("SELECT teeth FROM cases_cases WHERE id = ?", {d.caseId}),
                             portal.text("SELECT teeth FROM cases_cases WHERE id = ?", {remakeId}));
        CPPUNIT_ASSERT_EQUAL(portal.count("SELECT owner_user_id FROM cases_cases WHERE id = ?", {d.caseId}),
                             portal.count("SELECT owner_user_id FROM cases_cases WHERE id = ?", {remakeId}));

        // Both timelines name the other; the remake's page says it costs nothing.
        const std::string originalNumber = portal.number(d.caseId);
        const Answer original = owner->get("/cases/" + std::to_string(d.caseId));
        CPPUNIT_ASSERT(original.body.find("Remake " + remakeNumber + " opened") != std::string::npos);
        CPPUNIT_ASSERT(original.body.find("approved: no-cost remake " + remakeNumber) != std::string::npos);
        const Answer remake = owner->get("/cases/" + std::to_string(remakeId));
        CPPUNIT_ASSERT_EQUAL(200, remake.status);
        CPPUNIT_ASSERT(remake.body.find("Opened as a no-charge remake of " + originalNumber) !=
                       std::string::npos);
        CPPUNIT_ASSERT(remake.body.find("No charge") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), portal.count("SELECT COUNT(*) FROM molar_audit WHERE action = "
                                                           "'warranty.claim_approved'"));
        portal.settle();
        CPPUNIT_ASSERT(
            portal.count("SELECT COUNT(*) FROM molar_notifications WHERE rule = 'warranty_claim_approved'") >=
            1);
        // Answered once.
        CPPUNIT_ASSERT_EQUAL(
            409, lead->post(d.path + "/claims/" + std::to_string(claimId) + "/approve", {}).status);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), portal.count("SELECT COUNT(*) FROM cases_cases"));
    }

    // A failure after the remake was opened (a subscriber of the approval throws once,
    // standing for a crash before the commit) leaves nothing behind: the claim still open,
    // no remake case, no audit entry, no timeline line; the next approval makes one remake.
    void testAFailedApprovalLeavesNothingHalfDone()
    {
        WarrantyPortal portal;
        const Delivered d = deliveredCrown(portal);
        CPPUNIT_ASSERT_EQUAL(303, fileClaim(*portal.pearlOwner(), d, "form-crash").status);
        const std::int64_t claimId = portal.count("SELECT id FROM warranty_claims");
        auto armed = std::make_shared<std::atomic<bool>>(true);
        portal.portal().events().on("warranty-crash", "warranty.claim_approved",
                                    [armed](molar::sdk::Transaction&, const molar::sdk::Event&) {
                                        if (armed->exchange(false))
                                            throw std::runtime_error("injected crash");
                                    });
        const std::string approve = d.path + "/claims/" + std::to_string(claimId) + "/approve";
        auto admin = portal.labAdmin();
        CPPUNIT_ASSERT(admin->post(approve, {}).status >= 500);
        CPPUNIT_ASSERT_EQUAL(std::string("open"),
                             portal.text("SELECT state FROM warranty_claims WHERE id = ?", {claimId}));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), portal.count("SELECT COUNT(*) FROM cases_cases"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), portal.count("SELECT COUNT(*) FROM molar_audit WHERE action = "
                                                           "'warranty.claim_approved'"));
        CPPUNIT_ASSERT(admin->get("/cases/" + std::to_string(d.caseId)).body.find("Remake ") ==
                       std::string::npos);

        CPPUNIT_ASSERT_EQUAL(303, admin->post(approve, {}).status);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2), portal.count("SELECT COUNT(*) FROM cases_cases"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), portal.count("SELECT COUNT(*) FROM molar_audit WHERE action = "
                                                           "'warranty.claim_approved'"));
        CPPUNIT_ASSERT_EQUAL(std::string("approved"),
                             portal.text("SELECT state FROM warranty_claims WHERE id = ?", {claimId}));
    }

    void testTheRemakeIsBilledToNoOne()
    {
        WarrantyPortal portal(DemoPortal::Settings{{"plugins.enabled", "cases, billing, warranty"}});
        const Delivered d = deliveredCrown(portal);
        auto owner = portal.pearlOwner();
        CPPUNIT_ASSERT_EQUAL(303, fileClaim(*owner, d, "form-billing").status);
        const std::int64_t claimId = portal.count("SELECT id FROM warranty_claims");
        CPPUNIT_ASSERT_EQUAL(
            303,
            portal.labAdmin()->post(d.path + "/claims/" + std::to_string(claimId) + "/approve", {}).status);
        const std::int64_t remakeId =
            portal.count("SELECT remake_case_id FROM warranty_claims WHERE id = ?", {claimId});
        portal.deliver(remakeId);
        portal.settle();
        // The original was delivered and recorded for billing; the remake never is.
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(1),
            portal.count("SELECT COUNT(*) FROM billing_deliveries WHERE case_id = ?", {d.caseId}));
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(0),
            portal.count("SELECT COUNT(*) FROM billing_deliveries WHERE case_id = ?", {remakeId}));
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(0),
            portal.count("SELECT COUNT(*) FROM billing_invoice_lines WHERE case_id = ?", {remakeId}));
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(0),
            portal.count("SELECT COUNT(*) FROM billing_invoices WHERE case_id = ?", {remakeId}));

        // The remake's events replayed out of order (a job run again, a publisher retrying):
        // still billed to no one, and the original still billed once.
        const molar::sdk::Value remake = molar::sdk::Value::object(
            {{"caseId", remakeId},
             {"number", portal.number(remakeId)},
             {"organizationId",
              portal.count("SELECT organization_id FROM cases_cases WHERE id = ?", {remakeId})},
             {"product", "zirconia_crown"},
             {"productName", "Zirconia crown"},
             {"noCharge", true}});
        for (const char* event : {"case.delivered", "case.shipped", "case.submitted", "case.delivered"})
            portal.db().transaction(
                [&](molar::sdk::Transaction& tx) { portal.portal().events().publish(tx, event, remake); });
        portal.settle();
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(0),
            portal.count("SELECT COUNT(*) FROM billing_deliveries WHERE case_id = ?", {remakeId}));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), portal.count("SELECT COUNT(*) FROM billing_card_charges"));
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(0),
            portal.count("SELECT COUNT(*) FROM billing_invoice_lines WHERE case_id = ?", {remakeId}));
        CPPUNIT_ASSERT_EQUAL(
            std::int64_t(1),
            portal.count("SELECT COUNT(*) FROM billing_deliveries WHERE case_id = ?", {d.caseId}));
    }

    void testDeclinedClaimTellsWhy()
    {
        WarrantyPortal portal;
        const Delivered d = deliveredCrown(portal);
        auto owner = portal.pearlOwner();
        CPPUNIT_ASSERT_EQUAL(303, fileClaim(*owner, d, "form-2").status);
        const std::int64_t claimId = portal.count("SELECT id FROM warranty_claims");
        auto admin = portal.labAdmin();
        const std::string decline = d.path + "/claims/" + std::to_string(claimId) + "/decline";
        const Answer empty = admin->post(decline, {{"reason", "  "}});
        CPPUNIT_ASSERT_EQUAL(400, empty.status);
        CPPUNIT_ASSERT(empty.body.find("id=\"decline-reason-" + std::to_string(claimId) + "-error\"") !=
                       std::string::npos);
        CPPUNIT_ASSERT_EQUAL(
            303, admin->post(decline, {{"reason", "Bruxism: the night guard was not worn"}}).status);
        CPPUNIT_ASSERT_EQUAL(std::string("declined"),
                             portal.text("SELECT state FROM warranty_claims WHERE id = ?", {claimId}));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), portal.count("SELECT COUNT(*) FROM cases_cases"));
        const Answer page = owner->get(d.path);
        CPPUNIT_ASSERT(page.body.find("Bruxism: the night guard was not worn") != std::string::npos);
        portal.settle();
        CPPUNIT_ASSERT(
            portal.count("SELECT COUNT(*) FROM molar_notifications WHERE rule = 'warranty_claim_declined'") >=
            1);
        // Declined, the warranty can be claimed again.
        CPPUNIT_ASSERT_EQUAL(303, fileClaim(*owner, d, "form-3").status);
    }

    void testOneOpenClaimAndOneClaimPerForm()
    {
        WarrantyPortal portal;
        const Delivered d = deliveredCrown(portal);
        auto owner = portal.pearlOwner();
        CPPUNIT_ASSERT_EQUAL(303, fileClaim(*owner, d, "form-4").status);
        // The same form again (a double click): the same claim, no second one.
        CPPUNIT_ASSERT_EQUAL(303, fileClaim(*owner, d, "form-4").status);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), portal.count("SELECT COUNT(*) FROM warranty_claims"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), portal.count("SELECT COUNT(*) FROM warranty_claim_photos"));
        // Another form while it is open: refused, and its photo not kept.
        CPPUNIT_ASSERT_EQUAL(409, fileClaim(*owner, d, "form-5").status);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), portal.count("SELECT COUNT(*) FROM warranty_claims"));
        CPPUNIT_ASSERT(owner->get(d.path).body.find("waiting for the lab") != std::string::npos);
    }

    void testExpiredOrVoidCannotBeClaimed()
    {
        WarrantyPortal portal;
        const Delivered d = deliveredCrown(portal);
        auto owner = portal.pearlOwner();
        auto admin = portal.labAdmin();
        CPPUNIT_ASSERT_EQUAL(303,
                             admin->post(d.path + "/void", {{"reason", "Fitted by another lab"}}).status);
        CPPUNIT_ASSERT_EQUAL(409, fileClaim(*owner, d, "form-6").status);
        CPPUNIT_ASSERT(owner->get(d.path).body.find("File the claim") == std::string::npos);

        const Delivered later = deliveredCrown(portal);
        portal.clock.advance(std::chrono::hours(24 * 3653));
        auto tenYearsOn = portal.pearlOwner(); // the old session has long ended
        CPPUNIT_ASSERT_EQUAL(409, fileClaim(*tenYearsOn, later, "form-7").status);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), portal.count("SELECT COUNT(*) FROM warranty_claims"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), portal.count("SELECT COUNT(*) FROM warranty_claim_photos"));
    }

    void testBadInputIsToldBesideItsField()
    {
        WarrantyPortal portal;
        const Delivered d = deliveredCrown(portal);
        auto owner = portal.pearlOwner();
        const Answer noReason = fileClaim(*owner, d, "form-8", "");
        CPPUNIT_ASSERT_EQUAL(400, noReason.status);
        CPPUNIT_ASSERT(noReason.body.find("id=\"claim-reason-error\"") != std::string::npos);
        // What was typed is kept.
        CPPUNIT_ASSERT(noReason.body.find("fractured at the margin") != std::string::npos);
        const Answer notAPhoto =
            fileClaim(*owner, d, "form-9", "fractured", "%PDF-1.4 not a photo", "front.jpg");
        CPPUNIT_ASSERT_EQUAL(400, notAPhoto.status);
        CPPUNIT_ASSERT(notAPhoto.body.find("id=\"claim-photos-error\"") != std::string::npos);
        const std::string cut = molar::cases::fixtures::gradientJpeg(64, 64).substr(0, 300);
        CPPUNIT_ASSERT_EQUAL(400, fileClaim(*owner, d, "form-10", "fractured", cut, "cut.jpg").status);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), portal.count("SELECT COUNT(*) FROM warranty_claims"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), portal.count("SELECT COUNT(*) FROM warranty_claim_photos"));
    }

    void testAnotherOrganizationCannotTouchIt()
    {
        WarrantyPortal portal;
        const Delivered d = deliveredCrown(portal);
        auto other = portal.smileDentist();
        CPPUNIT_ASSERT_EQUAL(404, fileClaim(*other, d, "form-11").status);
        auto owner = portal.pearlOwner();
        CPPUNIT_ASSERT_EQUAL(303, fileClaim(*owner, d, "form-12").status);
        const std::int64_t claimId = portal.count("SELECT id FROM warranty_claims");
        const std::int64_t photoId = portal.count("SELECT id FROM warranty_claim_photos");
        const std::string claim = d.path + "/claims/" + std::to_string(claimId);
        CPPUNIT_ASSERT_EQUAL(404, other->get(claim + "/photos/" + std::to_string(photoId)).status);
        // A clinic cannot answer its own claim; a technician cannot either.
        const int clinicAnswer = owner->post(claim + "/approve", {}).status;
        CPPUNIT_ASSERT(clinicAnswer == 403 || clinicAnswer == 404);
        CPPUNIT_ASSERT_EQUAL(403, portal.technician()->post(claim + "/approve", {}).status);
        CPPUNIT_ASSERT_EQUAL(403, portal.technician()->post(claim + "/decline", {{"reason", "No"}}).status);
        CPPUNIT_ASSERT_EQUAL(std::string("open"), portal.text("SELECT state FROM warranty_claims"));
        // The lab cannot file one.
        const int labFiles = fileClaim(*portal.labAdmin(), d, "form-13").status;
        CPPUNIT_ASSERT(labFiles == 403 || labFiles == 404);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(WarrantyClaimTest);
