// My Account → Clinics over real HTTP on both databases, with the demo's people: an
// owner adds a clinic (errors beside their fields, CSRF checked), removes one that no
// plugin holds records of after a confirmation page (deleted, audited), keeps the last
// one, and cannot see, reach or remove another organization's clinics (404); other
// members get 403. Archiving a clinic that cases name is in the cases plugin's suite.
#include "Assertions.h"
#include "DemoPortal.h"
#include "HttpBrowser.h"

#include "app/Portal.h"
#include "core/Clocks.h"

#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <memory>

using namespace molar;
using namespace molar::host;
using test::Answer;
using test::HttpBrowser;

class PracticesHttpTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PracticesHttpTest);
    CPPUNIT_TEST(testOwnerAddsAClinic);
    CPPUNIT_TEST(testAddErrorsStandBesideTheirFields);
    CPPUNIT_TEST(testFormsNeedTheirCsrfToken);
    CPPUNIT_TEST(testRemovalAsksFirstThenDeletesAClinicNothingHolds);
    CPPUNIT_TEST(testTheLastClinicStays);
    CPPUNIT_TEST(testAnotherOrganizationsClinicsAreNotFound);
    CPPUNIT_TEST(testOnlyOwnersManageClinics);
    CPPUNIT_TEST(testThePageSpeaksArabic);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _demoPortal = std::make_unique<test::DemoPortal>(_clock);
        _portal = &_demoPortal->portal();
    }

    void tearDown() override
    {
        _portal = nullptr;
        _demoPortal.reset();
    }

    void testOwnerAddsAClinic()
    {
        HttpBrowser owner = pearlOwner();
        Answer page = owner.get("/organization/clinics");
        CPPUNIT_ASSERT_EQUAL(200, page.status);
        MOLAR_ASSERT_CONTAINS("<a href=\"/organization/clinics\">Clinics</a>", page.body);
        MOLAR_ASSERT_CONTAINS("Pearl Dental West Bay", page.body);
        MOLAR_ASSERT_CONTAINS("Pearl Dental Al Sadd", page.body);
        MOLAR_ASSERT_CONTAINS("<label for=\"phone\">", page.body);
        Answer added = owner.post("/organization/clinics", {{"clinicName", "Pearl Dental The Pearl"},
                                                            {"address", "Porto Arabia 3, The Pearl"},
                                                            {"country", "QA"},
                                                            {"phone", "+97444001122"}});
        CPPUNIT_ASSERT_EQUAL(303, added.status);
        CPPUNIT_ASSERT_EQUAL(std::string("/organization/clinics?done=added"), added.header("Location"));
        page = owner.get("/organization/clinics?done=added");
        MOLAR_ASSERT_CONTAINS("The clinic is added.", page.body);
        MOLAR_ASSERT_CONTAINS("Porto Arabia 3, The Pearl", page.body);
        auto rows = _portal->database().query(
            "SELECT organization_id, phone, country FROM molar_clinics WHERE name = ?",
            {"Pearl Dental The Pearl"});
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), rows.size());
        CPPUNIT_ASSERT_EQUAL(organizationId("Pearl Dental Group"), rows.row(0).at(0).asInt());
        CPPUNIT_ASSERT_EQUAL(std::string("+97444001122"), rows.row(0).at(1).asString());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), audited("clinic.created", clinicId("Pearl Dental The Pearl")));
    }

    void testAddErrorsStandBesideTheirFields()
    {
        HttpBrowser owner = pearlOwner();
        const auto before = count("molar_clinics");
        Answer answer = owner.post(
            "/organization/clinics",
            {{"clinicName", ""}, {"address", "Porto Arabia 3"}, {"country", "ZZ"}, {"phone", "44001122"}});
        CPPUNIT_ASSERT_EQUAL(422, answer.status);
        MOLAR_ASSERT_CONTAINS("<p id=\"clinicName-error\" class=\"field-error\">Fill this in", answer.body);
        MOLAR_ASSERT_CONTAINS("aria-invalid=\"true\" aria-describedby=\"clinicName-error\"", answer.body);
        MOLAR_ASSERT_CONTAINS("<p id=\"country-error\" class=\"field-error\">", answer.body);
        MOLAR_ASSERT_CONTAINS("aria-describedby=\"phone-hint phone-error\" aria-invalid=\"true\"",
                              answer.body);
        MOLAR_ASSERT_CONTAINS(
            "<p id=\"phone-error\" class=\"field-error\">Enter the number in international form",
            answer.body);
        MOLAR_ASSERT_NOT_CONTAINS("address-error", answer.body);
        // What was typed stays, to be corrected.
        MOLAR_ASSERT_CONTAINS("value=\"Porto Arabia 3\"", answer.body);
        MOLAR_ASSERT_CONTAINS("value=\"44001122\"", answer.body);
        CPPUNIT_ASSERT_EQUAL(before, count("molar_clinics"));
        // A line break in a name is refused like elsewhere.
        answer =
            owner.post("/organization/clinics",
                       {{"clinicName", "Pearl\nDental"}, {"address", "Porto Arabia 3"}, {"country", "QA"}});
        CPPUNIT_ASSERT_EQUAL(422, answer.status);
        MOLAR_ASSERT_CONTAINS("<p id=\"clinicName-error\" class=\"field-error\">Remove the line breaks",
                              answer.body);
        CPPUNIT_ASSERT_EQUAL(before, count("molar_clinics"));
    }

    void testFormsNeedTheirCsrfToken()
    {
        HttpBrowser owner = pearlOwner();
        const std::string token = owner.csrfToken();
        MOLAR_ASSERT_CONTAINS("name=\"_csrf\" value=\"" + token + "\"",
                              owner.get("/organization/clinics").body);
        const std::string id = std::to_string(clinicId("Pearl Dental Al Sadd"));
        MOLAR_ASSERT_CONTAINS("name=\"_csrf\" value=\"" + token + "\"",
                              owner.get("/organization/clinics/" + id + "/remove").body);
        const auto before = count("molar_clinics");
        CPPUNIT_ASSERT_EQUAL(
            403,
            owner.postRaw("/organization/clinics", {{"clinicName", "X"}, {"address", "Y"}, {"country", "QA"}})
                .status);
        CPPUNIT_ASSERT_EQUAL(403, owner.postRaw("/organization/clinics/" + id + "/remove", {}).status);
        CPPUNIT_ASSERT_EQUAL(before, count("molar_clinics"));
    }

    void testRemovalAsksFirstThenDeletesAClinicNothingHolds()
    {
        HttpBrowser owner = pearlOwner();
        const std::int64_t id = clinicId("Pearl Dental Al Sadd");
        const std::string path = "/organization/clinics/" + std::to_string(id) + "/remove";
        MOLAR_ASSERT_CONTAINS("href=\"" + path + "\" aria-label=\"Remove Pearl Dental Al Sadd\"",
                              owner.get("/organization/clinics").body);
        Answer confirm = owner.get(path);
        CPPUNIT_ASSERT_EQUAL(200, confirm.status);
        MOLAR_ASSERT_CONTAINS("Remove the clinic Pearl Dental Al Sadd?", confirm.body);
        MOLAR_ASSERT_CONTAINS("<form method=\"post\" action=\"" + path + "\"", confirm.body);
        // Looking at the question changes nothing.
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), clinicsNamed("Pearl Dental Al Sadd"));

        Answer removed = owner.post(path, {});
        CPPUNIT_ASSERT_EQUAL(303, removed.status);
        CPPUNIT_ASSERT_EQUAL(std::string("/organization/clinics?done=removed"), removed.header("Location"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), clinicsNamed("Pearl Dental Al Sadd"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), audited("clinic.removed", id));
        Answer page = owner.get("/organization/clinics?done=removed");
        MOLAR_ASSERT_CONTAINS("The clinic is removed.", page.body);
        MOLAR_ASSERT_NOT_CONTAINS("Pearl Dental Al Sadd", page.body);
        // Gone: asking again finds nothing.
        CPPUNIT_ASSERT_EQUAL(404, owner.post(path, {}).status);
    }

    void testTheLastClinicStays()
    {
        HttpBrowser owner(*_portal);
        CPPUNIT_ASSERT_EQUAL(303, owner.signIn("owner@smile.example", "demo smile owner").status);
        const std::int64_t id = clinicId("Smile Studio");
        Answer refused = owner.post("/organization/clinics/" + std::to_string(id) + "/remove", {});
        CPPUNIT_ASSERT_EQUAL(409, refused.status);
        MOLAR_ASSERT_CONTAINS(
            "<p class=\"field-error\" role=\"alert\">Your organization keeps at least one clinic",
            refused.body);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), clinicsNamed("Smile Studio"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), audited("clinic.removed", id));
    }

    void testAnotherOrganizationsClinicsAreNotFound()
    {
        HttpBrowser owner = pearlOwner();
        const std::string smile = std::to_string(clinicId("Smile Studio"));
        MOLAR_ASSERT_NOT_CONTAINS("Smile Studio", owner.get("/organization/clinics").body);
        CPPUNIT_ASSERT_EQUAL(404, owner.get("/organization/clinics/" + smile + "/remove").status);
        CPPUNIT_ASSERT_EQUAL(404, owner.post("/organization/clinics/" + smile + "/remove", {}).status);
        CPPUNIT_ASSERT_EQUAL(404, owner.get("/organization/clinics/999999/remove").status);
        CPPUNIT_ASSERT_EQUAL(404, owner.get("/organization/clinics/abc/remove").status);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), clinicsNamed("Smile Studio"));
        // A clinic added lands in the owner's own organization, whatever the form says.
        owner.post("/organization/clinics",
                   {{"clinicName", "Pearl Dental Lusail"},
                    {"address", "Marina 1, Lusail"},
                    {"country", "QA"},
                    {"organizationId", std::to_string(organizationId("Smile Studio"))}});
        CPPUNIT_ASSERT_EQUAL(
            organizationId("Pearl Dental Group"),
            _portal->database()
                .query("SELECT organization_id FROM molar_clinics WHERE name = ?", {"Pearl Dental Lusail"})
                .row(0)
                .at(0)
                .asInt());
    }

    void testOnlyOwnersManageClinics()
    {
        const std::string id = std::to_string(clinicId("Pearl Dental Al Sadd"));
        HttpBrowser dentist(*_portal);
        dentist.signIn("dentist@pearl.example", "demo pearl dentist");
        Answer page = dentist.get("/organization/clinics");
        CPPUNIT_ASSERT_EQUAL(403, page.status);
        MOLAR_ASSERT_CONTAINS("Only the organization&apos;s owner manages its clinics.", page.body);
        MOLAR_ASSERT_NOT_CONTAINS("href=\"/organization/clinics\"", dentist.get("/account/profile").body);
        CPPUNIT_ASSERT_EQUAL(403, dentist.post("/organization/clinics/" + id + "/remove", {}).status);
        HttpBrowser admin(*_portal);
        admin.signIn("admin@lab.example", "demo lab admin");
        CPPUNIT_ASSERT(admin.get("/organization/clinics").status >= 400);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), clinicsNamed("Pearl Dental Al Sadd"));
    }

    void testThePageSpeaksArabic()
    {
        HttpBrowser owner = pearlOwner();
        CPPUNIT_ASSERT_EQUAL(
            303, owner.post("/prefs/language", {{"lang", "ar"}, {"return", "/organization/clinics"}}).status);
        Answer page = owner.get("/organization/clinics");
        MOLAR_ASSERT_CONTAINS("<title>عياداتك", page.body);
        MOLAR_ASSERT_CONTAINS("<td>قطر</td>", page.body);
        MOLAR_ASSERT_CONTAINS("<option value=\"QA\" selected>قطر</option>", page.body);
        MOLAR_ASSERT_CONTAINS("aria-label=\"إزالة Pearl Dental Al Sadd\"", page.body);
        Answer refused =
            owner.post("/organization/clinics", {{"clinicName", ""}, {"address", "x"}, {"country", "QA"}});
        CPPUNIT_ASSERT_EQUAL(422, refused.status);
        MOLAR_ASSERT_NOT_CONTAINS("Fill this in", refused.body);
    }

private:
    HttpBrowser pearlOwner()
    {
        HttpBrowser owner(*_portal);
        CPPUNIT_ASSERT_EQUAL(303, owner.signIn("owner@pearl.example", "demo pearl owner").status);
        return owner;
    }

    std::int64_t clinicId(const std::string& name)
    {
        return _portal->database()
            .query("SELECT id FROM molar_clinics WHERE name = ?", {name})
            .row(0)
            .at(0)
            .asInt();
    }

    std::int64_t clinicsNamed(const std::string& name)
    {
        return _portal->database()
            .query("SELECT COUNT(*) FROM molar_clinics WHERE name = ?", {name})
            .row(0)
            .at(0)
            .asInt();
    }

    std::int64_t organizationId(const std::string& name)
    {
        return _portal->database()
            .query("SELECT id FROM molar_organizations WHERE name = ?", {name})
            .row(0)
            .at(0)
            .asInt();
    }

    std::int64_t audited(const std::string& action, std::int64_t clinic)
    {
        return _portal->database()
            .query("SELECT COUNT(*) FROM molar_audit WHERE action = ? AND object_type = 'clinic' AND "
                   "object_id = ?",
                   {action, std::to_string(clinic)})
            .row(0)
            .at(0)
            .asInt();
    }

    std::int64_t count(const std::string& table)
    {
        return _portal->database().query("SELECT COUNT(*) FROM " + table).row(0).at(0).asInt();
    }

    ManualClock _clock{std::chrono::system_clock::time_point(std::chrono::milliseconds(1795377660000))};
    std::unique_ptr<test::DemoPortal> _demoPortal;
    Portal* _portal = nullptr;
};

CPPUNIT_TEST_SUITE_REGISTRATION(PracticesHttpTest);
