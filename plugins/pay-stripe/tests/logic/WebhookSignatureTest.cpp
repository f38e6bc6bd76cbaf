// Stripe-Signature: several v1, two secrets while rotating, the tolerance both ways.
#include "WebhookSignature.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace molar::paystripe;

namespace {

const std::string secret = "whsec_test_current_0123456789";
const std::string oldSecret = "whsec_test_previous_9876543210";
const std::string body = R"({"id":"evt_1","type":"payment_intent.succeeded","data":{"object":{}}})";
const std::int64_t now = 1767225600; // 2026-01-01T00:00:00Z

} // namespace

class WebhookSignatureTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(WebhookSignatureTest);
    CPPUNIT_TEST(testHmacMatchesAKnownVector);
    CPPUNIT_TEST(testValid);
    CPPUNIT_TEST(testAlteredBodyIsRefused);
    CPPUNIT_TEST(testWrongSecretIsRefused);
    CPPUNIT_TEST(testSecondSecretOfARotation);
    CPPUNIT_TEST(testSeveralV1WithOneGood);
    CPPUNIT_TEST(testStaleIsRefused);
    CPPUNIT_TEST(testFarFutureIsRefused);
    CPPUNIT_TEST(testMissingHeaderOrSecret);
    CPPUNIT_TEST(testMalformedHeaders);
    CPPUNIT_TEST(testRetimedSignatureIsRefused);
    CPPUNIT_TEST(testParsesEveryV1AndIgnoresV0);
    CPPUNIT_TEST_SUITE_END();

public:
    void testHmacMatchesAKnownVector()
    {
        // RFC 4231-style check against the well-known "quick brown fox" HMAC-SHA256.
        CPPUNIT_ASSERT_EQUAL(std::string("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"),
                             hmacSha256Hex("key", "The quick brown fox jumps over the lazy dog"));
    }

    void testValid()
    {
        const std::string header =
            "t=" + std::to_string(now) + ",v1=" + hmacSha256Hex(secret, std::to_string(now) + "." + body);
        CPPUNIT_ASSERT(verifySignature(header, body, {secret}, now, 300) == SignatureCheck::Valid);
        CPPUNIT_ASSERT(verifySignature(header, body, {secret}, now + 300, 300) == SignatureCheck::Valid);
        CPPUNIT_ASSERT(verifySignature(signatureHeader({secret}, body, now), body, {secret}, now, 300) ==
                       SignatureCheck::Valid);
    }

    void testAlteredBodyIsRefused()
    {
        const std::string header = signatureHeader({secret}, body, now);
        CPPUNIT_ASSERT(verifySignature(header, body + " ", {secret}, now, 300) == SignatureCheck::NoMatch);
        std::string other = body;
        other[10] = 'X';
        CPPUNIT_ASSERT(verifySignature(header, other, {secret}, now, 300) == SignatureCheck::NoMatch);
    }

    void testWrongSecretIsRefused()
    {
        const std::string header = signatureHeader({"whsec_somebody_else_000000"}, body, now);
        CPPUNIT_ASSERT(verifySignature(header, body, {secret}, now, 300) == SignatureCheck::NoMatch);
        CPPUNIT_ASSERT(verifySignature(header, body, {secret, oldSecret}, now, 300) ==
                       SignatureCheck::NoMatch);
    }

    void testSecondSecretOfARotation()
    {
        // Stripe still signs with the old secret only (a retry of an older delivery).
        const std::string byOld = signatureHeader({oldSecret}, body, now);
        CPPUNIT_ASSERT(verifySignature(byOld, body, {secret, oldSecret}, now, 300) == SignatureCheck::Valid);
        CPPUNIT_ASSERT(verifySignature(byOld, body, {secret}, now, 300) == SignatureCheck::NoMatch);
        // During the roll Stripe sends one v1 per secret.
        const std::string byBoth = signatureHeader({secret, oldSecret}, body, now);
        CPPUNIT_ASSERT(verifySignature(byBoth, body, {secret}, now, 300) == SignatureCheck::Valid);
        CPPUNIT_ASSERT(verifySignature(byBoth, body, {oldSecret}, now, 300) == SignatureCheck::Valid);
    }

    void testSeveralV1WithOneGood()
    {
        const std::string good = hmacSha256Hex(secret, std::to_string(now) + "." + body);
        const std::string bad(64, 'a');
        const std::string header =
            "t=" + std::to_string(now) + ",v1=" + bad + ",v1=nothex,v1=" + good + ",v0=" + bad;
        CPPUNIT_ASSERT(verifySignature(header, body, {secret}, now, 300) == SignatureCheck::Valid);
        const std::string allBad = "t=" + std::to_string(now) + ",v1=" + bad + ",v1=" + good.substr(0, 62);
        CPPUNIT_ASSERT(verifySignature(allBad, body, {secret}, now, 300) == SignatureCheck::NoMatch);
        // A v0 (test-mode scheme) alone never counts, even when it is the right HMAC.
        const std::string onlyV0 = "t=" + std::to_string(now) + ",v0=" + good;
        CPPUNIT_ASSERT(verifySignature(onlyV0, body, {secret}, now, 300) == SignatureCheck::Malformed);
    }

    void testStaleIsRefused()
    {
        const std::string header = signatureHeader({secret}, body, now - 301);
        CPPUNIT_ASSERT(verifySignature(header, body, {secret}, now, 300) == SignatureCheck::Stale);
        CPPUNIT_ASSERT(verifySignature(header, body, {secret}, now, 3600) == SignatureCheck::Valid);
        CPPUNIT_ASSERT(verifySignature(signatureHeader({secret}, body, now - 86400), body, {secret}, now,
                                       300) == SignatureCheck::Stale);
    }

    void testFarFutureIsRefused()
    {
        CPPUNIT_ASSERT(verifySignature(signatureHeader({secret}, body, now + 301), body, {secret}, now,
                                       300) == SignatureCheck::Future);
        CPPUNIT_ASSERT(verifySignature(signatureHeader({secret}, body, now + 299), body, {secret}, now,
                                       300) == SignatureCheck::Valid);
    }

    void testMissingHeaderOrSecret()
    {
        CPPUNIT_ASSERT(verifySignature("", body, {secret}, now, 300) == SignatureCheck::Missing);
        CPPUNIT_ASSERT(verifySignature("  ", body, {secret}, now, 300) == SignatureCheck::Missing);
        CPPUNIT_ASSERT(verifySignature(signatureHeader({secret}, body, now), body, {}, now, 300) ==
                       SignatureCheck::Missing);
    }

    void testMalformedHeaders()
    {
        const std::string good = hmacSha256Hex(secret, std::to_string(now) + "." + body);
        for (const std::string& header :
             {std::string("v1=") + good, "t=,v1=" + good, "t=12x4,v1=" + good, "t=-5,v1=" + good,
              "t=" + std::to_string(now), "t=" + std::to_string(now) + ",v1=", std::string("garbage"),
              "t=9999999999999999999999,v1=" + good})
            CPPUNIT_ASSERT_MESSAGE(header, verifySignature(header, body, {secret}, now, 300) ==
                                               SignatureCheck::Malformed);
    }

    void testRetimedSignatureIsRefused()
    {
        // A replay that rewrites t to now keeps the old v1, which signed the old t.
        const std::string old = hmacSha256Hex(secret, std::to_string(now - 3600) + "." + body);
        const std::string header = "t=" + std::to_string(now) + ",v1=" + old;
        CPPUNIT_ASSERT(verifySignature(header, body, {secret}, now, 300) == SignatureCheck::NoMatch);
    }

    void testParsesEveryV1AndIgnoresV0()
    {
        const auto parsed = parseSignatureHeader("t=1492774577, v1=aa ,v0=bb,v1=cc,x=dd");
        CPPUNIT_ASSERT(parsed);
        CPPUNIT_ASSERT_EQUAL(std::int64_t{1492774577}, parsed->timestamp);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), parsed->v1.size());
        CPPUNIT_ASSERT_EQUAL(std::string("aa"), parsed->v1[0]);
        CPPUNIT_ASSERT_EQUAL(std::string("cc"), parsed->v1[1]);
        CPPUNIT_ASSERT(describe(SignatureCheck::Stale).find(secret) == std::string::npos);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(WebhookSignatureTest);
