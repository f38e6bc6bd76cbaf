// The warranty's pages on a real Portal, on SQLite and MariaDB: the public verify page
// (the same answer for an unknown number and a wrong code, nothing about the patient, rate
// limited, expired and void told), the clinic's and the lab's pages and the card download,
// each refused to another organization; voiding by a lab admin only, with its reason.
#include "PdfTools.h"
#include "WarrantyPortal.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace molar::test;

namespace {

std::string replaced(std::string text, const std::string& what, const std::string& with)
{
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + with.size()))
        text.replace(at, what.size(), with);
    return text;
}

struct Delivered
{
    std::int64_t caseId = 0;
    std::int64_t warrantyId = 0;
    std::string number; // the case's
    std::string code;
};

Delivered deliveredCrown(WarrantyPortal& portal, const std::string& patientRef = "P-VERIFY")
{
    Delivered d;
    d.caseId = portal.submittedCrown(patientRef);
    d.number = portal.number(d.caseId);
    portal.deliver(d.caseId);
    d.warrantyId = portal.warrantyOf(d.caseId);
    d.code = portal.text("SELECT check_code FROM warranty_cards WHERE id = ?", {d.warrantyId});
    CPPUNIT_ASSERT(d.warrantyId != 0);
    return d;
}

// Another number of the same shape: one digit of the case's changed.
std::string otherNumber(const std::string& number)
{
    std::string other = number;
    other.back() = other.back() == '7' ? '8' : '7';
    return other;
}

} // namespace

class WarrantyPagesTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(WarrantyPagesTest);
    CPPUNIT_TEST(testTheCardsLinkShowsTheWarranty);
    CPPUNIT_TEST(testUnknownNumberAndWrongCodeAnswerAlike);
    CPPUNIT_TEST(testTypedNumberAndCodeLeadToTheWarranty);
    CPPUNIT_TEST(testLookUpsAreRateLimited);
    CPPUNIT_TEST(testExpiredAndVoidAreTold);
    CPPUNIT_TEST(testOnlyALabAdminVoids);
    CPPUNIT_TEST(testAnotherOrganizationSeesNothing);
    CPPUNIT_TEST(testCardDownloads);
    CPPUNIT_TEST_SUITE_END();

public:
    void testTheCardsLinkShowsTheWarranty()
    {
        WarrantyPortal portal;
        const Delivered d = deliveredCrown(portal, "P-SECRET-REF");
        HttpBrowser visitor(portal.portal());
        const Answer answer = visitor.get("/verify/" + d.number + "?code=" + d.code);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(answer.body, 200, answer.status);
        CPPUNIT_ASSERT(answer.body.find("Valid") != std::string::npos);
        CPPUNIT_ASSERT(answer.body.find("Zirconia crown") != std::string::npos);
        CPPUNIT_ASSERT(answer.body.find("May 12, 2026") != std::string::npos);
        CPPUNIT_ASSERT(answer.body.find("May 12, 2036") != std::string::npos);
        const std::string clinic =
            portal.text("SELECT clinic_name FROM warranty_cards WHERE id = ?", {d.warrantyId});
        CPPUNIT_ASSERT(answer.body.find(clinic) != std::string::npos);
        // Nothing about the patient.
        CPPUNIT_ASSERT(answer.body.find("P-SECRET-REF") == std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::string("no-store"), answer.header("Cache-Control"));
        CPPUNIT_ASSERT_EQUAL(std::string("noindex"), answer.header("X-Robots-Tag"));
        // The code in the address never leaves in a Referer to another site.
        CPPUNIT_ASSERT_EQUAL(std::string("no-referrer"), answer.header("Referrer-Policy"));
        // Changing the language or theme comes back to the same page, code and all.
        CPPUNIT_ASSERT(answer.body.find("name=\"return\" value=\"/verify/" + d.number + "?code=" + d.code +
                                        "\"") != std::string::npos);
        // In the visitor's language (the language picker's cookie), Arabic right to left.
        HttpBrowser arabicVisitor(portal.portal());
        arabicVisitor.setCookie("molar_lang", "ar");
        const Answer arabic = arabicVisitor.get("/verify/" + d.number + "?code=" + d.code);
        CPPUNIT_ASSERT_EQUAL(200, arabic.status);
        CPPUNIT_ASSERT(arabic.body.find("dir=\"rtl\"") != std::string::npos);
        CPPUNIT_ASSERT(arabic.body.find("ساري المفعول") != std::string::npos);
    }

    void testUnknownNumberAndWrongCodeAnswerAlike()
    {
        WarrantyPortal portal;
        const Delivered d = deliveredCrown(portal);
        HttpBrowser visitor(portal.portal());
        const std::string wrongCode = d.code == "ABCDEFGH" ? "ABCDEFGJ" : "ABCDEFGH";
        const std::string unknown = otherNumber(d.number);
        const Answer wrong = visitor.get("/verify/" + d.number + "?code=" + wrongCode);
        const Answer none = visitor.get("/verify/" + unknown + "?code=" + wrongCode);
        const Answer noCode = visitor.get("/verify/" + d.number);
        CPPUNIT_ASSERT_EQUAL(404, wrong.status);
        CPPUNIT_ASSERT_EQUAL(404, none.status);
        CPPUNIT_ASSERT_EQUAL(404, noCode.status);
        // The same page but for the number typed (and the request's own id).
        auto normalized = [](const Answer& answer, const std::string& number) {
            std::string body = replaced(answer.body, number, "NUMBER");
            return replaced(body, answer.header("X-Request-Id"), "REQUEST");
        };
        CPPUNIT_ASSERT_EQUAL(normalized(wrong, d.number), normalized(none, unknown));
        CPPUNIT_ASSERT(wrong.body.find("Zirconia") == std::string::npos);
        CPPUNIT_ASSERT(wrong.body.find("No warranty matches") != std::string::npos);
    }

    void testTypedNumberAndCodeLeadToTheWarranty()
    {
        WarrantyPortal portal;
        const Delivered d = deliveredCrown(portal);
        HttpBrowser visitor(portal.portal());
        // As typed from the card: lower case, with the printed dash and spaces.
        std::string lower = d.number;
        for (auto& c : lower)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const std::string typed = d.code.substr(0, 4) + "-" + d.code.substr(4);
        std::string lowerCode = typed;
        for (auto& c : lowerCode)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const Answer go = visitor.get("/verify?number=" + lower + "&code=" + lowerCode);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(go.body, 303, go.status);
        CPPUNIT_ASSERT_EQUAL("/verify/" + d.number + "?code=" + d.code, go.header("Location"));
        // A mistake in each field is told beside it, what was typed kept.
        const Answer bad = visitor.get("/verify?number=%3Cb%3E&code=12");
        CPPUNIT_ASSERT_EQUAL(400, bad.status);
        CPPUNIT_ASSERT(bad.body.find("id=\"verify-number-error\"") != std::string::npos);
        CPPUNIT_ASSERT(bad.body.find("id=\"verify-code-error\"") != std::string::npos);
        CPPUNIT_ASSERT(bad.body.find("<b>") == std::string::npos);
        CPPUNIT_ASSERT(bad.body.find("&lt;b&gt;") != std::string::npos);
    }

    void testLookUpsAreRateLimited()
    {
        WarrantyPortal portal(DemoPortal::Settings{{"warranty.verify.perMinute", "3"}});
        const Delivered d = deliveredCrown(portal);
        HttpBrowser visitor(portal.portal());
        for (int i = 0; i < 3; ++i)
            CPPUNIT_ASSERT_EQUAL(404,
                                 visitor.get("/verify/" + otherNumber(d.number) + "?code=ABCDEFGH").status);
        // The fourth, even with the right code, waits.
        const Answer refused = visitor.get("/verify/" + d.number + "?code=" + d.code);
        CPPUNIT_ASSERT_EQUAL(429, refused.status);
        CPPUNIT_ASSERT(!refused.header("Retry-After").empty());
        portal.clock.advance(std::chrono::minutes(1));
        CPPUNIT_ASSERT_EQUAL(200, visitor.get("/verify/" + d.number + "?code=" + d.code).status);
    }

    void testExpiredAndVoidAreTold()
    {
        WarrantyPortal portal;
        const Delivered d = deliveredCrown(portal);
        HttpBrowser visitor(portal.portal());
        const std::string link = "/verify/" + d.number + "?code=" + d.code;
        // The day before the expiry day it is still valid; on it, expired (Qatar's days).
        portal.clock.advance(std::chrono::hours(24 * 3652) +
                             std::chrono::hours(12)); // 2036-05-11 21:00 local
        CPPUNIT_ASSERT(visitor.get(link).body.find("Valid") != std::string::npos);
        portal.clock.advance(std::chrono::hours(3)); // midnight in Qatar: 2036-05-12
        const Answer expired = visitor.get(link);
        CPPUNIT_ASSERT_EQUAL(200, expired.status);
        CPPUNIT_ASSERT_MESSAGE(expired.body, expired.body.find("Expired") != std::string::npos);

        auto admin = portal.labAdmin();
        const Answer voided = admin->post("/warranties/" + std::to_string(d.warrantyId) + "/void",
                                          {{"reason", "Fitted by another lab"}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(voided.body, 303, voided.status);
        CPPUNIT_ASSERT(visitor.get(link).body.find("Void") != std::string::npos);
    }

    void testOnlyALabAdminVoids()
    {
        WarrantyPortal portal;
        const Delivered d = deliveredCrown(portal);
        const std::string path = "/warranties/" + std::to_string(d.warrantyId) + "/void";
        auto technician = portal.technician();
        CPPUNIT_ASSERT_EQUAL(403, technician->post(path, {{"reason", "No"}}).status);
        auto owner = portal.pearlOwner();
        const int clinicAnswer = owner->post(path, {{"reason", "No"}}).status;
        CPPUNIT_ASSERT(clinicAnswer == 403 || clinicAnswer == 404);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0),
                             portal.count("SELECT voided FROM warranty_cards WHERE id = ?", {d.warrantyId}));

        // The reason is required, told beside its field.
        auto admin = portal.labAdmin();
        const Answer empty = admin->post(path, {{"reason", "   "}});
        CPPUNIT_ASSERT_EQUAL(400, empty.status);
        CPPUNIT_ASSERT(empty.body.find("id=\"void-reason-error\"") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(303, admin->post(path, {{"reason", "Fitted by another lab"}}).status);
        CPPUNIT_ASSERT_EQUAL(409, admin->post(path, {{"reason", "Again"}}).status);
        CPPUNIT_ASSERT_EQUAL(
            std::string("Fitted by another lab"),
            portal.text("SELECT void_reason FROM warranty_cards WHERE id = ?", {d.warrantyId}));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), portal.count("SELECT COUNT(*) FROM molar_audit WHERE action = "
                                                           "'warranty.voided'"));
        // On the case's timeline, and the clinic is told.
        const Answer casePage = owner->get("/cases/" + std::to_string(d.caseId));
        CPPUNIT_ASSERT(casePage.body.find("voided: Fitted by another lab") != std::string::npos);
        portal.settle();
        CPPUNIT_ASSERT(
            portal.count("SELECT COUNT(*) FROM molar_notifications WHERE rule = 'warranty_voided'") >= 1);
    }

    void testAnotherOrganizationSeesNothing()
    {
        WarrantyPortal portal;
        const Delivered d = deliveredCrown(portal);
        const std::string page = "/warranties/" + std::to_string(d.warrantyId);
        // Pearl's owner and dentist see it, from the list and the case's page.
        auto owner = portal.pearlOwner();
        CPPUNIT_ASSERT_EQUAL(200, owner->get(page).status);
        CPPUNIT_ASSERT(owner->get("/warranties").body.find("W-" + d.number) != std::string::npos);
        const Answer casePage = owner->get("/cases/" + std::to_string(d.caseId));
        CPPUNIT_ASSERT(casePage.body.find("href=\"" + page + "\"") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(200, portal.pearlDentist()->get(page).status);

        // Smile's dentist: a 404 for the page, the card and the void; not in the list.
        auto other = portal.smileDentist();
        CPPUNIT_ASSERT_EQUAL(404, other->get(page).status);
        CPPUNIT_ASSERT_EQUAL(404, other->get(page + "/card.pdf").status);
        CPPUNIT_ASSERT(other->get("/warranties").body.find("W-" + d.number) == std::string::npos);
        // A visitor is sent to sign in.
        HttpBrowser visitor(portal.portal());
        const int anonymous = visitor.get(page).status;
        CPPUNIT_ASSERT(anonymous == 303 || anonymous == 401);
        // The lab sees every one.
        CPPUNIT_ASSERT(portal.technician()->get("/warranties").body.find("W-" + d.number) !=
                       std::string::npos);
    }

    void testCardDownloads()
    {
        WarrantyPortal portal;
        const Delivered d = deliveredCrown(portal);
        auto owner = portal.pearlOwner();
        const std::string card = "/warranties/" + std::to_string(d.warrantyId) + "/card.pdf";
        for (const char* query :
             {"?layout=a4&lang=en", "?layout=wallet&lang=ar", "?layout=wallet&lang=fr", ""}) {
            const Answer pdf = owner->get(card + query);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(query, 200, pdf.status);
            CPPUNIT_ASSERT_EQUAL(std::string("application/pdf"), pdf.header("Content-Type"));
            CPPUNIT_ASSERT_EQUAL(std::string("%PDF"), pdf.body.substr(0, 4));
        }
        CPPUNIT_ASSERT_EQUAL(400, owner->get(card + "?layout=poster").status);
        CPPUNIT_ASSERT_EQUAL(400, owner->get(card + "?lang=xx").status);

        // The card in Persian: its own words, not English.
        TempDir dir;
        const std::string persian = pdfText(dir, "fa.pdf", owner->get(card + "?layout=a4&lang=fa").body);
        MOLAR_ASSERT_NOT_CONTAINS("Warranty card", persian);
        MOLAR_ASSERT_CONTAINS(
            portal.db()
                .query("SELECT case_number FROM warranty_cards WHERE id = ?", {d.warrantyId})
                .get(0, "case_number")
                .toString(),
            persian);
        // A reader in Hindi, which the card's fonts have no letters for: the page offers the
        // languages cards are printed in, by their own names, and the card comes in English;
        // Urdu, whose heh goal and yeh barree DejaVu Sans lacks, is not offered.
        portal.db().execute("UPDATE molar_users SET language = 'hi' WHERE email = 'owner@pearl.example'");
        const std::string whole = owner->get("/warranties/" + std::to_string(d.warrantyId)).body;
        const auto picker = whole.find("id=\"card-language\"");
        CPPUNIT_ASSERT(picker != std::string::npos);
        const std::string page = whole.substr(picker, whole.find("</select>", picker) - picker);
        MOLAR_ASSERT_CONTAINS("<option value=\"fa\" lang=\"fa\" translate=\"no\">" +
                                  portal.portal().locales().nativeName("fa") + "</option>",
                              page);
        MOLAR_ASSERT_NOT_CONTAINS("value=\"hi\"", page);
        MOLAR_ASSERT_NOT_CONTAINS("value=\"ur\"", page);
        CPPUNIT_ASSERT_EQUAL(400, owner->get(card + "?lang=ur").status);
        const Answer hindi = owner->get(card);
        CPPUNIT_ASSERT_EQUAL(200, hindi.status);
        MOLAR_ASSERT_CONTAINS("Warranty card", pdfText(dir, "hi.pdf", hindi.body));
        portal.db().execute("UPDATE molar_users SET language = 'en' WHERE email = 'owner@pearl.example'");
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(WarrantyPagesTest);
