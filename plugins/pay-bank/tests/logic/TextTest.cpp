// UTF-8 checks and clipping by characters: a note in Arabic is kept whole up to its
// limit in characters, and a statement in another encoding is recognised.
#include "Text.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace molar::paybank;

class TextTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(TextTest);
    CPPUNIT_TEST(testValidUtf8);
    CPPUNIT_TEST(testClipByCharacters);
    CPPUNIT_TEST_SUITE_END();

public:
    void testValidUtf8()
    {
        for (const char* ok :
             {"", "plain", "\xC3\x89lan", "\xD8\xAA\xD8\xAD\xD9\x88", "\xE2\x82\xAC", "\xF0\x9F\xA6\xB7"})
            CPPUNIT_ASSERT_MESSAGE(ok, isValidUtf8(ok));
        for (const char* bad : {"\xC9lan", "\x80", "\xC3", "\xE2\x82", "\xC0\xAF", "\xED\xA0\x80",
                                "\xF4\x90\x80\x80", "\xF8\x88\x80\x80\x80"})
            CPPUNIT_ASSERT_MESSAGE(bad, !isValidUtf8(bad));
    }

    void testClipByCharacters()
    {
        std::string arabic;
        for (int i = 0; i < 100; ++i)
            arabic += "\xD8\xAA\xD8\xAD\xD9\x88"; // 300 characters, 600 bytes
        CPPUNIT_ASSERT_EQUAL(std::size_t(300), countCharacters(arabic));
        CPPUNIT_ASSERT_EQUAL(arabic, clipCharacters(arabic, 500));
        CPPUNIT_ASSERT_EQUAL(arabic, clipCharacters(arabic, 300));
        CPPUNIT_ASSERT_EQUAL(arabic.substr(0, 4), clipCharacters(arabic, 2));
        CPPUNIT_ASSERT_EQUAL(std::string("ab"), clipCharacters("abc", 2));
        CPPUNIT_ASSERT_EQUAL(std::string(), clipCharacters("abc", 0));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TextTest);
