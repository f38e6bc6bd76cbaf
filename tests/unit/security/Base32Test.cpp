// Base32: RFC 4648 section 10 vectors, unpadded as otpauth:// URIs carry them.
#include "accounts/security/Base32.h"

#include <cppunit/extensions/HelperMacros.h>

using molar::host::Base32;

class Base32Test : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(Base32Test);
    CPPUNIT_TEST(testRfc4648Vectors);
    CPPUNIT_TEST(testDecodeReversesEncode);
    CPPUNIT_TEST(testDecodeAcceptsLowerCaseSpacesAndPadding);
    CPPUNIT_TEST(testDecodeRefusesWhatNoEncodingProduces);
    CPPUNIT_TEST_SUITE_END();

public:
    void testRfc4648Vectors()
    {
        CPPUNIT_ASSERT_EQUAL(std::string(""), Base32::encode(""));
        CPPUNIT_ASSERT_EQUAL(std::string("MY"), Base32::encode("f"));
        CPPUNIT_ASSERT_EQUAL(std::string("MZXQ"), Base32::encode("fo"));
        CPPUNIT_ASSERT_EQUAL(std::string("MZXW6"), Base32::encode("foo"));
        CPPUNIT_ASSERT_EQUAL(std::string("MZXW6YQ"), Base32::encode("foob"));
        CPPUNIT_ASSERT_EQUAL(std::string("MZXW6YTB"), Base32::encode("fooba"));
        CPPUNIT_ASSERT_EQUAL(std::string("MZXW6YTBOI"), Base32::encode("foobar"));
        CPPUNIT_ASSERT_EQUAL(std::string("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"),
                             Base32::encode("12345678901234567890"));
    }

    void testDecodeReversesEncode()
    {
        for (const char* text : {"", "f", "fo", "foo", "foob", "fooba", "foobar", "12345678901234567890"})
            CPPUNIT_ASSERT_EQUAL(std::string(text), Base32::decode(Base32::encode(text)).value());
        std::string bytes;
        for (int i = 0; i < 256; ++i)
            bytes += static_cast<char>(i);
        CPPUNIT_ASSERT(Base32::decode(Base32::encode(bytes)) == bytes);
    }

    void testDecodeAcceptsLowerCaseSpacesAndPadding()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("foobar"), Base32::decode("mzxw 6ytb oi").value());
        CPPUNIT_ASSERT_EQUAL(std::string("f"), Base32::decode("MY======").value());
        CPPUNIT_ASSERT_EQUAL(std::string("foob"), Base32::decode("MZXW6YQ=").value());
    }

    void testDecodeRefusesWhatNoEncodingProduces()
    {
        CPPUNIT_ASSERT(!Base32::decode("MZXW1"));    // '1' is not in the alphabet
        CPPUNIT_ASSERT(!Base32::decode("MZ-XW"));    // nor is '-'
        CPPUNIT_ASSERT(!Base32::decode("M"));        // 1 symbol: 5 bits, no whole byte
        CPPUNIT_ASSERT(!Base32::decode("MZX"));      // 3 symbols
        CPPUNIT_ASSERT(!Base32::decode("MZXW6Y"));   // 6 symbols
        CPPUNIT_ASSERT(!Base32::decode("MY==MZXQ")); // data after padding
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(Base32Test);
