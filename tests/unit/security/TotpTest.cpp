// Totp: RFC 6238 Appendix B (SHA1) vectors, the ±1 step window, replay refusal, and the
// enrolment URI.
#include "accounts/security/Totp.h"
#include "accounts/security/Base32.h"

#include <cppunit/extensions/HelperMacros.h>

#include <stdexcept>

using molar::host::Base32;
using molar::host::Totp;

namespace {

// The RFC's SHA1 key, ASCII "12345678901234567890".
const std::string RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const std::int64_t T = 1111111111; // step 37037037, 1 s into it

} // namespace

class TotpTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(TotpTest);
    CPPUNIT_TEST(testRfc6238Vectors);
    CPPUNIT_TEST(testNewSecretIs20RandomBytes);
    CPPUNIT_TEST(testCurrentCodeVerifies);
    CPPUNIT_TEST(testOneStepEitherSideIsAccepted);
    CPPUNIT_TEST(testTwoStepsAwayIsRefused);
    CPPUNIT_TEST(testReplayedStepIsRefused);
    CPPUNIT_TEST(testSpacesInCodeAreIgnored);
    CPPUNIT_TEST(testMalformedCodesAreRefused);
    CPPUNIT_TEST(testBadSecretThrows);
    CPPUNIT_TEST(testProvisioningUri);
    CPPUNIT_TEST_SUITE_END();

public:
    void testRfc6238Vectors()
    {
        CPPUNIT_ASSERT_EQUAL(RFC_SECRET, Base32::encode("12345678901234567890"));
        // The RFC lists 8 digits; 6-digit codes are their last six (same truncation, mod 10^6).
        CPPUNIT_ASSERT_EQUAL(std::string("287082"), Totp::code(RFC_SECRET, 59));
        CPPUNIT_ASSERT_EQUAL(std::string("081804"), Totp::code(RFC_SECRET, 1111111109));
        CPPUNIT_ASSERT_EQUAL(std::string("050471"), Totp::code(RFC_SECRET, 1111111111));
        CPPUNIT_ASSERT_EQUAL(std::string("005924"), Totp::code(RFC_SECRET, 1234567890));
        CPPUNIT_ASSERT_EQUAL(std::string("279037"), Totp::code(RFC_SECRET, 2000000000));
        CPPUNIT_ASSERT_EQUAL(std::string("353130"), Totp::code(RFC_SECRET, 20000000000));
    }

    void testNewSecretIs20RandomBytes()
    {
        const std::string a = Totp::newSecret();
        const std::string b = Totp::newSecret();
        CPPUNIT_ASSERT_EQUAL(std::size_t(32), a.size()); // 160 bits / 5, no padding needed
        CPPUNIT_ASSERT_EQUAL(std::size_t(20), Base32::decode(a).value().size());
        CPPUNIT_ASSERT(a != b);
        CPPUNIT_ASSERT_EQUAL(std::size_t(6), Totp::code(a, T).size());
    }

    void testCurrentCodeVerifies()
    {
        const auto step = Totp::verify(RFC_SECRET, "050471", T, -1);
        CPPUNIT_ASSERT(step.has_value());
        CPPUNIT_ASSERT_EQUAL(Totp::stepAt(T), *step);
        CPPUNIT_ASSERT(!Totp::verify(RFC_SECRET, "050472", T, -1));
    }

    void testOneStepEitherSideIsAccepted()
    {
        const std::string previous = Totp::code(RFC_SECRET, T - 30);
        const std::string next = Totp::code(RFC_SECRET, T + 30);
        CPPUNIT_ASSERT_EQUAL(Totp::stepAt(T) - 1, Totp::verify(RFC_SECRET, previous, T, -1).value());
        CPPUNIT_ASSERT_EQUAL(Totp::stepAt(T) + 1, Totp::verify(RFC_SECRET, next, T, -1).value());
        // A window of 0 takes only the current step.
        CPPUNIT_ASSERT(!Totp::verify(RFC_SECRET, previous, T, -1, 0));
    }

    void testTwoStepsAwayIsRefused()
    {
        CPPUNIT_ASSERT(!Totp::verify(RFC_SECRET, Totp::code(RFC_SECRET, T - 60), T, -1));
        CPPUNIT_ASSERT(!Totp::verify(RFC_SECRET, Totp::code(RFC_SECRET, T + 60), T, -1));
        // ...unless the caller widens the window.
        CPPUNIT_ASSERT(Totp::verify(RFC_SECRET, Totp::code(RFC_SECRET, T + 60), T, -1, 2));
    }

    void testReplayedStepIsRefused()
    {
        const auto used = Totp::verify(RFC_SECRET, "050471", T, -1);
        CPPUNIT_ASSERT(used.has_value());
        // The same code again, a second later and still inside the window: refused.
        CPPUNIT_ASSERT(!Totp::verify(RFC_SECRET, "050471", T + 1, *used));
        // So is an older code from the window once a later step was used.
        CPPUNIT_ASSERT(!Totp::verify(RFC_SECRET, Totp::code(RFC_SECRET, T - 30), T, *used));
        // The next step's code is still good.
        CPPUNIT_ASSERT_EQUAL(*used + 1,
                             Totp::verify(RFC_SECRET, Totp::code(RFC_SECRET, T + 30), T + 30, *used).value());
    }

    void testSpacesInCodeAreIgnored()
    {
        CPPUNIT_ASSERT(Totp::verify(RFC_SECRET, "050 471", T, -1));
        CPPUNIT_ASSERT(Totp::verify(RFC_SECRET, " 05 04 71 ", T, -1));
    }

    void testMalformedCodesAreRefused()
    {
        for (const char* bad : {"", "50471", "0504711", "05047a", "050-471", "٠٥٠٤٧١"})
            CPPUNIT_ASSERT_MESSAGE(bad, !Totp::verify(RFC_SECRET, bad, T, -1));
    }

    void testBadSecretThrows()
    {
        CPPUNIT_ASSERT_THROW(Totp::code("not base32!", T), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(Totp::verify("", "050471", T, -1), std::invalid_argument);
    }

    void testProvisioningUri()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("otpauth://totp/Molar:dr.ali%40clinic.qa?secret=" + RFC_SECRET +
                                         "&issuer=Molar&algorithm=SHA1&digits=6&period=30"),
                             Totp::provisioningUri("Molar", "dr.ali@clinic.qa", RFC_SECRET));
        // Spaces, colons and '&' in a lab's name cannot break the label or the query.
        CPPUNIT_ASSERT_EQUAL(
            std::string("otpauth://totp/Smile%20%26%20Co%3A%20Doha:ali?secret=" + RFC_SECRET +
                        "&issuer=Smile%20%26%20Co%3A%20Doha&algorithm=SHA1&digits=6&period=30"),
            Totp::provisioningUri("Smile & Co: Doha", "ali", RFC_SECRET));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TotpTest);
