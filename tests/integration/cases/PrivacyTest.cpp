// The privacy policy clinics accept in the wizard: the confirmation links it, and
// /privacy shows the lab's text or leads to the lab's own page.
#include "CasesPortal.h"

#include <set>

using namespace molar::test;

class PrivacyTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PrivacyTest);
    CPPUNIT_TEST(confirmationLinksThePolicyShownHere);
    CPPUNIT_TEST(confirmationLinksTheLabsOwnPage);
    CPPUNIT_TEST(badAddressOrNoPolicyStopsStartUp);
    CPPUNIT_TEST(everyLanguageReadsThePolicyInItsOwnWords);
    CPPUNIT_TEST_SUITE_END();

    // The confirmation step of a new draft.
    static Answer confirmation(CasesPortal& cases, HttpBrowser& dentist)
    {
        Answer created = dentist.post(
            "/cases/new", {{"patientRef", "P-500"},
                           {"clinic", std::to_string(cases.firstClinicOf("owner@pearl.example"))}});
        CPPUNIT_ASSERT_EQUAL(303, created.status);
        const std::string location = created.header("Location");
        const std::string base = location.substr(0, location.find("/edit/"));
        return dentist.get(base + "/edit/confirm");
    }

    static std::string startUpError(const DemoPortal::Settings& settings)
    {
        try {
            CasesPortal cases(settings);
        } catch (const std::exception& e) {
            return e.what();
        }
        return "";
    }

public:
    void confirmationLinksThePolicyShownHere()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        const Answer page = confirmation(cases, *dentist);
        CPPUNIT_ASSERT_EQUAL(200, page.status);
        MOLAR_ASSERT_CONTAINS("aria-describedby=\"privacy-policy\"", page.body);
        MOLAR_ASSERT_CONTAINS(
            "id=\"privacy-policy\"><a href=\"/privacy\" target=\"_blank\" rel=\"noopener\">Read "
            "the privacy policy</a>",
            page.body);
        // Anyone may read it: the configured text, a paragraph per line.
        HttpBrowser stranger(cases.portal());
        const Answer policy = stranger.get("/privacy");
        CPPUNIT_ASSERT_EQUAL(200, policy.status);
        MOLAR_ASSERT_CONTAINS("<title>Privacy policy", policy.body);
        MOLAR_ASSERT_CONTAINS("<p>This portal keeps what a clinic sends with a case", policy.body);
        MOLAR_ASSERT_CONTAINS("<p>To see, correct or remove what the lab holds", policy.body);
    }

    void confirmationLinksTheLabsOwnPage()
    {
        CasesPortal cases(DemoPortal::Settings{{"cases.privacy.url", "https://lab.example/privacy"}});
        auto dentist = cases.pearlDentist();
        MOLAR_ASSERT_CONTAINS("<a href=\"https://lab.example/privacy\"", confirmation(cases, *dentist).body);
        HttpBrowser stranger(cases.portal());
        const Answer policy = stranger.get("/privacy");
        CPPUNIT_ASSERT(policy.status == 302 || policy.status == 303);
        CPPUNIT_ASSERT_EQUAL(std::string("https://lab.example/privacy"), policy.header("Location"));
    }

    void everyLanguageReadsThePolicyInItsOwnWords()
    {
        CasesPortal cases;
        HttpBrowser stranger(cases.portal());
        std::set<std::string> seen;
        for (const std::string language : {"ar", "bn", "de", "es", "fa", "fil", "fr", "hi", "ml", "pt-BR",
                                           "ru", "ta", "tr", "ur", "zh-Hans"}) {
            stranger.setHeader("Accept-Language", language);
            const Answer policy = stranger.get("/privacy");
            CPPUNIT_ASSERT_EQUAL(200, policy.status);
            MOLAR_ASSERT_CONTAINS("<html lang=\"" + language + "\"", policy.body);
            MOLAR_ASSERT_NOT_CONTAINS("This portal keeps", policy.body);
            // Three paragraphs, each the language's own.
            const auto first = policy.body.find("<main");
            CPPUNIT_ASSERT(first != std::string::npos);
            const std::string main = policy.body.substr(first);
            std::size_t paragraphs = 0;
            for (auto at = main.find("<p>"); at != std::string::npos; at = main.find("<p>", at + 3))
                ++paragraphs;
            CPPUNIT_ASSERT_MESSAGE(language, paragraphs >= 3);
            CPPUNIT_ASSERT_MESSAGE(language, seen.insert(main.substr(main.find("<p>"), 200)).second);
        }
    }

    void badAddressOrNoPolicyStopsStartUp()
    {
        const std::string script = startUpError({{"cases.privacy.url", "javascript:alert(1)"}});
        MOLAR_ASSERT_CONTAINS("cases.privacy.url", script);
        MOLAR_ASSERT_CONTAINS("an http(s) address or a path", script);
        MOLAR_ASSERT_CONTAINS("cases.privacy.url", startUpError({{"cases.privacy.url", "//evil.example/"}}));
        const std::string none = startUpError({{"cases.privacy.text", ""}});
        MOLAR_ASSERT_CONTAINS("cases.privacy.text", none);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PrivacyTest);
