// The feedback form's check without a database: the score required and whole from 0 to
// 10, stars left out or 1 to 5, the comment trimmed and counted in code points (1000 Arabic
// letters are 2000 bytes and pass), malformed UTF-8 refused, each error under its field.
#include "feedback/AnswerForm.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

using namespace molar::nps;

namespace {

AnswerForm scored(const std::string& score)
{
    AnswerForm form;
    form.score = score;
    return form;
}

std::string repeat(const std::string& piece, int times)
{
    std::string out;
    for (int i = 0; i < times; ++i)
        out += piece;
    return out;
}

} // namespace

class AnswerFormTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(AnswerFormTest);
    CPPUNIT_TEST(scoresZeroToTenAreTaken);
    CPPUNIT_TEST(scoreIsRequiredAndWhole);
    CPPUNIT_TEST(starsAreLeftOutOrOneToFive);
    CPPUNIT_TEST(commentIsTrimmedAndCountedInCodePoints);
    CPPUNIT_TEST(malformedCommentIsRefused);
    CPPUNIT_TEST(consentIsKeptAndErrorsAreEach);
    CPPUNIT_TEST_SUITE_END();

public:
    void scoresZeroToTenAreTaken()
    {
        for (int score = 0; score <= 10; ++score) {
            const CheckedAnswer checked = checkAnswer(scored(std::to_string(score)));
            CPPUNIT_ASSERT_MESSAGE(std::to_string(score), checked.ok());
            CPPUNIT_ASSERT_EQUAL(score, checked.score);
        }
        CPPUNIT_ASSERT_EQUAL(7, checkAnswer(scored(" 7 ")).score);
        CPPUNIT_ASSERT_EQUAL(7, checkAnswer(scored("07")).score);
    }

    void scoreIsRequiredAndWhole()
    {
        for (const char* bad : {"", " ", "11", "-1", "100", "7.5", "7a", "+7", "١٠", "010"}) {
            const CheckedAnswer checked = checkAnswer(scored(bad));
            CPPUNIT_ASSERT_MESSAGE(bad, !checked.ok());
            CPPUNIT_ASSERT_EQUAL(std::string("nps.error.score"), checked.errors.at("score"));
        }
    }

    void starsAreLeftOutOrOneToFive()
    {
        AnswerForm form = scored("9");
        form.fit = "5";
        form.aesthetics = "";
        form.speed = "1";
        CheckedAnswer checked = checkAnswer(form);
        CPPUNIT_ASSERT(checked.ok());
        CPPUNIT_ASSERT_EQUAL(5, checked.fitStars);
        CPPUNIT_ASSERT_EQUAL(0, checked.aestheticsStars);
        CPPUNIT_ASSERT_EQUAL(1, checked.speedStars);
        // "0" is the form's "not given" too.
        form.speed = "0";
        CPPUNIT_ASSERT_EQUAL(0, checkAnswer(form).speedStars);
        for (const char* bad : {"6", "-1", "x", "4.5", "55"}) {
            form.aesthetics = bad;
            checked = checkAnswer(form);
            CPPUNIT_ASSERT_MESSAGE(bad, !checked.ok());
            CPPUNIT_ASSERT_EQUAL(std::string("nps.error.stars"), checked.errors.at("aesthetics"));
            CPPUNIT_ASSERT_EQUAL(std::size_t(1), checked.errors.size());
        }
    }

    void commentIsTrimmedAndCountedInCodePoints()
    {
        AnswerForm form = scored("8");
        form.comment = "  \n Great fit, thank you.\t ";
        CPPUNIT_ASSERT_EQUAL(std::string("Great fit, thank you."), checkAnswer(form).comment);
        form.comment = repeat("a", 1000);
        CPPUNIT_ASSERT(checkAnswer(form).ok());
        form.comment = repeat("a", 1001);
        CPPUNIT_ASSERT_EQUAL(std::string("nps.error.comment"), checkAnswer(form).errors.at("comment"));
        // Arabic letters are two bytes each: 1000 of them are 2000 bytes and still fit.
        form.comment = repeat("ب", 1000);
        CPPUNIT_ASSERT(checkAnswer(form).ok());
        form.comment = repeat("ب", 1001);
        CPPUNIT_ASSERT(!checkAnswer(form).ok());
        // Spaces around do not count against the limit.
        form.comment = "   " + repeat("😀", 1000) + "   ";
        CPPUNIT_ASSERT(checkAnswer(form).ok());
        form.comment = "";
        CPPUNIT_ASSERT(checkAnswer(form).ok());
    }

    void malformedCommentIsRefused()
    {
        AnswerForm form = scored("8");
        for (const std::string& bad : {std::string("\xff"), std::string("abc\xc3"), std::string("\xc0\xaf"),
                                       std::string("\xed\xa0\x80"), std::string("\xf4\x90\x80\x80")}) {
            form.comment = bad;
            CPPUNIT_ASSERT_EQUAL(std::string("nps.error.comment"), checkAnswer(form).errors.at("comment"));
        }
    }

    void consentIsKeptAndErrorsAreEach()
    {
        AnswerForm form;
        form.fit = "9";
        form.comment = repeat("z", 1001);
        form.consent = true;
        const CheckedAnswer checked = checkAnswer(form);
        CPPUNIT_ASSERT(checked.consent);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), checked.errors.size());
        CPPUNIT_ASSERT(checked.errors.count("score") && checked.errors.count("fit") &&
                       checked.errors.count("comment"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(AnswerFormTest);
