// Feedback links' tokens: 43 base64url characters from 32 random bytes, distinct from each
// other, stored only as their SHA-256, and anything else refused before a lookup.
#include "molar/tokens/UrlToken.h"

#include <cppunit/extensions/HelperMacros.h>

#include <set>
#include <string>

using namespace molar::tokens;

namespace {

bool isBase64Url(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

} // namespace

class FeedbackTokenTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(FeedbackTokenTest);
    CPPUNIT_TEST(tokensAreFortyThreeBase64UrlCharacters);
    CPPUNIT_TEST(tokensAreDistinct);
    CPPUNIT_TEST(digestIsSha256InLowerCaseHex);
    CPPUNIT_TEST(looksLikeTokenRefusesOtherLengthsAndCharacters);
    CPPUNIT_TEST_SUITE_END();

public:
    void tokensAreFortyThreeBase64UrlCharacters()
    {
        for (int i = 0; i < 50; ++i) {
            const std::string token = newUrlToken();
            CPPUNIT_ASSERT_EQUAL(std::size_t(43), token.size());
            for (char c : token)
                CPPUNIT_ASSERT_MESSAGE(token, isBase64Url(c));
            CPPUNIT_ASSERT(looksLikeToken(token));
        }
    }

    void tokensAreDistinct()
    {
        std::set<std::string> tokens;
        std::set<std::string> digests;
        for (int i = 0; i < 200; ++i) {
            const std::string token = newUrlToken();
            tokens.insert(token);
            digests.insert(tokenDigest(token));
        }
        CPPUNIT_ASSERT_EQUAL(std::size_t(200), tokens.size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(200), digests.size());
    }

    void digestIsSha256InLowerCaseHex()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
                             tokenDigest("abc"));
        CPPUNIT_ASSERT_EQUAL(std::string("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
                             tokenDigest(""));
        const std::string token = newUrlToken();
        CPPUNIT_ASSERT_EQUAL(tokenDigest(token), tokenDigest(token));
        CPPUNIT_ASSERT_EQUAL(std::size_t(64), tokenDigest(token).size());
    }

    void looksLikeTokenRefusesOtherLengthsAndCharacters()
    {
        const std::string good(43, 'A');
        CPPUNIT_ASSERT(looksLikeToken(good));
        CPPUNIT_ASSERT(looksLikeToken(std::string(21, '-') + std::string(22, '_')));
        CPPUNIT_ASSERT(!looksLikeToken(std::string(42, 'A')));
        CPPUNIT_ASSERT(!looksLikeToken(std::string(44, 'A')));
        CPPUNIT_ASSERT(!looksLikeToken(""));
        for (char bad : {'+', '/', '=', ' ', '.', '%', '\0'}) {
            std::string token = good;
            token[20] = bad;
            CPPUNIT_ASSERT_MESSAGE(std::string("refuses ") + bad, !looksLikeToken(token));
        }
        // A padded standard base64 string of the same bytes is refused.
        CPPUNIT_ASSERT(!looksLikeToken(std::string(42, 'A') + "="));
        // Non-ASCII bytes too.
        CPPUNIT_ASSERT(!looksLikeToken(std::string(41, 'A') + "\xD9\x84"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(FeedbackTokenTest);
