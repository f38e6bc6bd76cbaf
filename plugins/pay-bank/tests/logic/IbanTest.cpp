// The ISO 13616 check that stops start-up for a mistyped IBAN.
#include "Iban.h"

#include <cppunit/extensions/HelperMacros.h>

using molar::paybank::Iban;

class IbanTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(IbanTest);
    CPPUNIT_TEST(testValid);
    CPPUNIT_TEST(testInvalid);
    CPPUNIT_TEST(testPrinted);
    CPPUNIT_TEST_SUITE_END();

public:
    void testValid()
    {
        // Examples from the IBAN registry and banks' published samples.
        for (const char* iban :
             {"GB82WEST12345698765432", "GB82 WEST 1234 5698 7654 32", "gb82west12345698765432",
              "DE89370400440532013000", "FR1420041010050500013M02606", "NO9386011117947",
              "QA58DOHB00001234567890ABCDEFG", "SA0380000000608010167519", "AE070331234567890123456",
              "MT84MALT011000012345MTLCAST001S"})
            CPPUNIT_ASSERT_MESSAGE(iban, Iban::isValid(iban));
    }

    void testInvalid()
    {
        for (const char* iban :
             {"", "GB82WEST12345698765433", "GB28WEST12345698765432", "GB82WEST1234569876543",
              "QA58DOHB00001234567890ABCDEFH", "1B82WEST12345698765432", "GBX2WEST12345698765432",
              "GB82-WEST-1234-5698-7654-32", "NO938601111794",
              "DE89 3704 0044 0532 0130 00 0000 0000 0000 00"})
            CPPUNIT_ASSERT_MESSAGE(iban, !Iban::isValid(iban));
    }

    void testPrinted()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("GB82 WEST 1234 5698 7654 32"),
                             Iban::printed("gb82west12345698765432"));
        CPPUNIT_ASSERT_EQUAL(std::string("GB82WEST12345698765432"),
                             Iban::compact(" GB82 west 1234 5698 7654 32"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(IbanTest);
