// PasswordPolicy: length in code points, the byte ceiling, common and personal passwords,
// and the shipped list of common passwords.
#include "accounts/security/PasswordPolicy.h"

#include "../TestFiles.h"
#include "app/DataDir.h"

#include <Poco/TemporaryFile.h>

#include <cppunit/extensions/HelperMacros.h>

#include <stdexcept>

using molar::host::PasswordPolicy;

namespace {

const std::vector<std::string> NOBODY;

PasswordPolicy smallPolicy()
{
    return PasswordPolicy({"password", "qwerty123", "Iloveyou1"});
}

} // namespace

class PasswordPolicyTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PasswordPolicyTest);
    CPPUNIT_TEST(testSevenCharactersAreTooShort);
    CPPUNIT_TEST(testEightCharactersAreEnough);
    CPPUNIT_TEST(testLengthCountsCodePointsNotBytes);
    CPPUNIT_TEST(testLongPassphrasesAreAccepted);
    CPPUNIT_TEST(testMoreThan1024BytesAreRefused);
    CPPUNIT_TEST(testNoCompositionRules);
    CPPUNIT_TEST(testCommonPasswordsAreRefusedIgnoringCase);
    CPPUNIT_TEST(testPersonalWordsAreRefused);
    CPPUNIT_TEST(testShortPersonalWordsAreIgnored);
    CPPUNIT_TEST(testMinimumIsConfigurable);
    CPPUNIT_TEST(testFromFileSkipsCommentsAndBlankLines);
    CPPUNIT_TEST(testShippedListLoads);
    CPPUNIT_TEST_SUITE_END();

public:
    void testSevenCharactersAreTooShort()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("password.tooShort"), smallPolicy().check("k7#mq2x", NOBODY));
        CPPUNIT_ASSERT_EQUAL(std::string("password.tooShort"), smallPolicy().check("", NOBODY));
    }

    void testEightCharactersAreEnough()
    {
        CPPUNIT_ASSERT_EQUAL(std::string(""), smallPolicy().check("k7#mq2xz", NOBODY));
    }

    void testLengthCountsCodePointsNotBytes()
    {
        // 8 Arabic letters are 16 bytes; 7 of them (14 bytes) are still too short.
        const std::string eight = "كلمةسرية";
        CPPUNIT_ASSERT_EQUAL(std::size_t(8), PasswordPolicy::codePoints(eight));
        CPPUNIT_ASSERT_EQUAL(std::string(""), smallPolicy().check(eight, NOBODY));
        CPPUNIT_ASSERT_EQUAL(std::string("password.tooShort"), smallPolicy().check("كلمةسري", NOBODY));
        // Emoji: 4 bytes each, one character each.
        CPPUNIT_ASSERT_EQUAL(std::string("password.tooShort"),
                             smallPolicy().check("🦷🦷🦷🦷🦷🦷🦷", NOBODY));
        CPPUNIT_ASSERT_EQUAL(std::string(""),
                             smallPolicy().check("🦷🦷🦷🦷🦷🦷🦷🦷", NOBODY));
    }

    void testLongPassphrasesAreAccepted()
    {
        std::string passphrase;
        while (passphrase.size() < 100)
            passphrase += "crown shade vita ";
        passphrase.resize(100);
        CPPUNIT_ASSERT_EQUAL(std::string(""), smallPolicy().check(passphrase, NOBODY));
        CPPUNIT_ASSERT_EQUAL(std::string(""), smallPolicy().check(std::string(1024, 'z'), NOBODY));
    }

    void testMoreThan1024BytesAreRefused()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("password.tooLong"),
                             smallPolicy().check(std::string(1025, 'z'), NOBODY));
        // 342 three-byte characters: 342 code points but 1026 bytes.
        std::string wide;
        for (int i = 0; i < 342; ++i)
            wide += "€";
        CPPUNIT_ASSERT_EQUAL(std::string("password.tooLong"), smallPolicy().check(wide, NOBODY));
    }

    void testNoCompositionRules()
    {
        // Only letters, only lower case, only digits: all fine when not common.
        CPPUNIT_ASSERT_EQUAL(std::string(""), smallPolicy().check("correcthorsebatterystaple", NOBODY));
        CPPUNIT_ASSERT_EQUAL(std::string(""), smallPolicy().check("48151623", NOBODY));
        CPPUNIT_ASSERT_EQUAL(std::string(""), smallPolicy().check("   spaces   ", NOBODY));
    }

    void testCommonPasswordsAreRefusedIgnoringCase()
    {
        const PasswordPolicy policy = smallPolicy();
        for (const char* common : {"password", "Password", "PASSWORD", "qwerty123", "Qwerty123", "iloveyou1"})
            CPPUNIT_ASSERT_EQUAL_MESSAGE(common, std::string("password.common"),
                                         policy.check(common, NOBODY));
        // Whole-password match: a common password inside a longer one is not refused.
        CPPUNIT_ASSERT_EQUAL(std::string(""), policy.check("password of the lab at doha", NOBODY));
    }

    void testPersonalWordsAreRefused()
    {
        const PasswordPolicy policy = smallPolicy();
        const std::vector<std::string> ali = {"drali", "Ali", "Al-Rashid", "ali.rashid@clinic.qa"};
        CPPUNIT_ASSERT_EQUAL(std::string("password.personal"), policy.check("ali.rashid", ali));
        CPPUNIT_ASSERT_EQUAL(std::string("password.personal"), policy.check("Ali.Rashid2024", ali));
        CPPUNIT_ASSERT_EQUAL(std::string("password.personal"), policy.check("myname=DrAli!", ali));
        CPPUNIT_ASSERT_EQUAL(std::string("password.personal"), policy.check("al-rashid-family", ali));
        // A piece of the email local part counts too.
        CPPUNIT_ASSERT_EQUAL(std::string("password.personal"), policy.check("rashid and sons", ali));
        // The domain does not: colleagues share it.
        CPPUNIT_ASSERT_EQUAL(std::string(""), policy.check("clinic.qa forever", ali));

        const std::vector<std::string> sara = {"sara.k@lab.example"};
        CPPUNIT_ASSERT_EQUAL(std::string("password.personal"), policy.check("hello sara.k!", sara));
    }

    void testShortPersonalWordsAreIgnored()
    {
        // "Ali" (3 letters) would refuse every password with "ali" in it, e.g. "quality".
        const std::vector<std::string> words = {"Ali", "", "ab@x.qa"};
        CPPUNIT_ASSERT_EQUAL(std::string(""), smallPolicy().check("quality shade A2", words));
        CPPUNIT_ASSERT_EQUAL(std::string(""), smallPolicy().check("abacus lab", words));
    }

    void testMinimumIsConfigurable()
    {
        const PasswordPolicy strict({}, 15);
        CPPUNIT_ASSERT_EQUAL(std::size_t(15), strict.minCodePoints());
        CPPUNIT_ASSERT_EQUAL(std::string("password.tooShort"), strict.check("fourteen chars", NOBODY));
        CPPUNIT_ASSERT_EQUAL(std::string(""), strict.check("fifteen chars!!", NOBODY));
    }

    void testFromFileSkipsCommentsAndBlankLines()
    {
        Poco::TemporaryFile file;
        molar::test::writeFile(file.path(), "# a comment\r\n\r\nSunshine1\r\n  # indented comment\n"
                                            "dragon123\n two words \n");
        const PasswordPolicy policy = PasswordPolicy::fromFile(file.path());
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), policy.commonCount());
        CPPUNIT_ASSERT_EQUAL(std::string("password.common"), policy.check("sunshine1", NOBODY));
        CPPUNIT_ASSERT_EQUAL(std::string("password.common"), policy.check("DRAGON123", NOBODY));
        CPPUNIT_ASSERT_EQUAL(std::string("password.common"), policy.check(" two words ", NOBODY));
        CPPUNIT_ASSERT_EQUAL(std::string(""), policy.check("# a comment", NOBODY));
        CPPUNIT_ASSERT_THROW(PasswordPolicy::fromFile(file.path() + ".missing"), std::runtime_error);
    }

    void testShippedListLoads()
    {
        const PasswordPolicy policy = PasswordPolicy::fromFile(std::string(molar::host::defaultDataDir()) +
                                                               "/config/common-passwords.txt");
        CPPUNIT_ASSERT(policy.commonCount() >= 200);
        for (const char* common : {"Password", "12345678", "123456789", "qwerty123", "QWERTY123", "iloveyou",
                                   "football", "passw0rd", "1q2w3e4r", "1qaz2wsx", "qwertyuiop", "Welcome123",
                                   "password2024", "11111111", "87654321", "letmein123", "P@ssw0rd"})
            CPPUNIT_ASSERT_EQUAL_MESSAGE(common, std::string("password.common"),
                                         policy.check(common, NOBODY));
        CPPUNIT_ASSERT_EQUAL(std::string(""), policy.check("vita shade a2 crown", NOBODY));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PasswordPolicyTest);
