// RecoveryCodes: format, uniqueness, alphabet, and the digest the database stores.
#include "accounts/security/RecoveryCodes.h"

#include <cppunit/extensions/HelperMacros.h>

#include <map>
#include <regex>
#include <set>

using molar::host::RecoveryCodes;

class RecoveryCodesTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(RecoveryCodesTest);
    CPPUNIT_TEST(testTenDistinctCodes);
    CPPUNIT_TEST(testFormat);
    CPPUNIT_TEST(testEverySymbolTurnsUp);
    CPPUNIT_TEST(testNormalize);
    CPPUNIT_TEST(testDigestIsStableAcrossDashesAndCase);
    CPPUNIT_TEST_SUITE_END();

public:
    void testTenDistinctCodes()
    {
        const auto codes = RecoveryCodes::generate();
        CPPUNIT_ASSERT_EQUAL(std::size_t(10), codes.size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(10), std::set<std::string>(codes.begin(), codes.end()).size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), RecoveryCodes::generate(3).size());
        CPPUNIT_ASSERT(RecoveryCodes::generate(0).empty());
    }

    void testFormat()
    {
        const std::regex format("[2-9a-hjkmnp-z]{4}-[2-9a-hjkmnp-z]{4}-[2-9a-hjkmnp-z]{4}");
        for (const std::string& code : RecoveryCodes::generate(100)) {
            CPPUNIT_ASSERT_MESSAGE(code, std::regex_match(code, format));
            CPPUNIT_ASSERT_MESSAGE(code, code.find_first_of("01oli") == std::string::npos);
        }
    }

    void testEverySymbolTurnsUp()
    {
        // 12,000 symbols from 31: each is expected ~387 times; a symbol never drawn, or
        // drawn far too often, would mean a broken mapping from random bytes.
        std::map<char, int> seen;
        for (const std::string& code : RecoveryCodes::generate(1000))
            for (char c : code)
                if (c != '-')
                    ++seen[c];
        CPPUNIT_ASSERT_EQUAL(std::size_t(31), seen.size());
        for (const auto& [symbol, count] : seen)
            CPPUNIT_ASSERT_MESSAGE(std::string(1, symbol), count > 250 && count < 550);
    }

    void testNormalize()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("k7qm2xpf9cte"), RecoveryCodes::normalize("k7qm-2xpf-9cte"));
        CPPUNIT_ASSERT_EQUAL(std::string("k7qm2xpf9cte"), RecoveryCodes::normalize(" K7QM 2XPF-9cte "));
        CPPUNIT_ASSERT_EQUAL(std::string("k7qm2xpf9cte"), RecoveryCodes::normalize("k7qm2xpf9cte"));
    }

    void testDigestIsStableAcrossDashesAndCase()
    {
        const std::string digest = RecoveryCodes::digest("k7qm-2xpf-9cte");
        CPPUNIT_ASSERT_EQUAL(std::size_t(64), digest.size());
        CPPUNIT_ASSERT_EQUAL(std::string::npos, digest.find_first_not_of("0123456789abcdef"));
        CPPUNIT_ASSERT_EQUAL(digest, RecoveryCodes::digest("K7QM2XPF9CTE"));
        CPPUNIT_ASSERT_EQUAL(digest, RecoveryCodes::digest("k7qm 2xpf 9cte"));
        CPPUNIT_ASSERT(digest != RecoveryCodes::digest("k7qm-2xpf-9ctf"));
        // SHA-256 of the bytes "abc" (FIPS 180-2 example): the digest is plain SHA-256 hex.
        CPPUNIT_ASSERT_EQUAL(std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
                             RecoveryCodes::digest("a-B c"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RecoveryCodesTest);
