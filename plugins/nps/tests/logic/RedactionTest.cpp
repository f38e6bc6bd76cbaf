// What /reviews shows of an author and a case: initials with titles dropped, Arabic letters
// kept whole, at most three words; case numbers cut to an ellipsis and their last four.
#include "score/Redaction.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

using namespace molar::nps;

namespace {

const std::string ellipsis = "\xE2\x80\xA6";

} // namespace

class RedactionTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(RedactionTest);
    CPPUNIT_TEST(initialsOfTwoWords);
    CPPUNIT_TEST(titlesAreDroppedInAnyCase);
    CPPUNIT_TEST(onlyLeadingTitlesAreDropped);
    CPPUNIT_TEST(arabicNamesKeepArabicLetters);
    CPPUNIT_TEST(atMostThreeWords);
    CPPUNIT_TEST(oneWordAndExtraSpaces);
    CPPUNIT_TEST(emptyOrTitleOnlyGivesNothing);
    CPPUNIT_TEST(punctuationAndBrokenTextAreSkipped);
    CPPUNIT_TEST(caseNumbersShowTheirLastFour);
    CPPUNIT_TEST(shortCaseNumbersKeepTheEllipsis);
    CPPUNIT_TEST_SUITE_END();

public:
    void initialsOfTwoWords()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("L. H."), authorInitials("Lina Haddad"));
        CPPUNIT_ASSERT_EQUAL(std::string("L. H."), authorInitials("lina haddad"));
        // Accented letters are whole code points, left as written.
        CPPUNIT_ASSERT_EQUAL(std::string("é. D."), authorInitials("élodie Dubois"));
    }

    void titlesAreDroppedInAnyCase()
    {
        for (const char* title : {"Dr", "Dr.", "dr", "DR.", "Prof", "Prof.", "PROF.", "Mr", "Mr.", "Mrs",
                                  "mrs.", "Ms", "ms.", "Pr.", "Mme"})
            CPPUNIT_ASSERT_EQUAL_MESSAGE(title, std::string("L. H."),
                                         authorInitials(std::string(title) + " Lina Haddad"));
        CPPUNIT_ASSERT_EQUAL(std::string("L. H."), authorInitials("Prof. Dr. Lina Haddad"));
    }

    void onlyLeadingTitlesAreDropped()
    {
        // A later word that reads like a title is part of the name.
        CPPUNIT_ASSERT_EQUAL(std::string("A. M."), authorInitials("Dr. Anna Ms"));
        // "Drake" and "Prosper" are names, not titles.
        CPPUNIT_ASSERT_EQUAL(std::string("D. P."), authorInitials("Drake Prosper"));
    }

    void arabicNamesKeepArabicLetters()
    {
        const std::string expected = "\xD9\x84. \xD8\xAD."; // "ل. ح."
        CPPUNIT_ASSERT_EQUAL(expected, authorInitials("د. لينا حداد"));
        CPPUNIT_ASSERT_EQUAL(expected, authorInitials("لينا حداد"));
        CPPUNIT_ASSERT_EQUAL(expected, authorInitials("الدكتورة لينا حداد"));
    }

    void atMostThreeWords()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("A. B. C."), authorInitials("Ann Beth Carla Dawn"));
        CPPUNIT_ASSERT_EQUAL(std::string("M. A. A."), authorInitials("Dr Mohammed Abdul Aziz Al Thani"));
    }

    void oneWordAndExtraSpaces()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("L."), authorInitials("Lina"));
        CPPUNIT_ASSERT_EQUAL(std::string("L. H."), authorInitials("   Lina \t  Haddad  "));
        // A no-break space separates words too.
        CPPUNIT_ASSERT_EQUAL(std::string("L. H."), authorInitials("Lina\xC2\xA0Haddad"));
    }

    void emptyOrTitleOnlyGivesNothing()
    {
        CPPUNIT_ASSERT_EQUAL(std::string(), authorInitials(""));
        CPPUNIT_ASSERT_EQUAL(std::string(), authorInitials("   "));
        CPPUNIT_ASSERT_EQUAL(std::string(), authorInitials("Dr."));
        CPPUNIT_ASSERT_EQUAL(std::string(), authorInitials("Prof Dr"));
        CPPUNIT_ASSERT_EQUAL(std::string(), authorInitials("د."));
    }

    void punctuationAndBrokenTextAreSkipped()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("L. H."), authorInitials("(Lina) - 'Haddad'"));
        // A lone lead byte or a stray continuation byte is never half printed.
        CPPUNIT_ASSERT_EQUAL(std::string("H."), authorInitials("\xD9 Haddad"));
        CPPUNIT_ASSERT_EQUAL(std::string("H."), authorInitials("\x84x Haddad"));
    }

    void caseNumbersShowTheirLastFour()
    {
        CPPUNIT_ASSERT_EQUAL(ellipsis + "1A4F", lastFourOfCaseNumber("TR-260512-1A4F"));
        CPPUNIT_ASSERT_EQUAL(ellipsis + "2345", lastFourOfCaseNumber("12345"));
    }

    void shortCaseNumbersKeepTheEllipsis()
    {
        CPPUNIT_ASSERT_EQUAL(ellipsis + "1A4F", lastFourOfCaseNumber("1A4F"));
        CPPUNIT_ASSERT_EQUAL(ellipsis + "7", lastFourOfCaseNumber("7"));
        CPPUNIT_ASSERT_EQUAL(std::string(), lastFourOfCaseNumber(""));
        // Non-ASCII characters are counted whole: the last four of "ح-1234٥" are "234٥".
        CPPUNIT_ASSERT_EQUAL(ellipsis + "234\xD9\xA5", lastFourOfCaseNumber("\xD8\xAD-1234\xD9\xA5"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RedactionTest);
