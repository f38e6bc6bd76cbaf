// Transfer references: their shape, the check symbol catching typos, how people and
// banks write them, and finding them inside a statement's description.
#include "Assertions.h"

#include "TransferReference.h"

#include <cppunit/extensions/HelperMacros.h>

#include <regex>
#include <set>

using molar::paybank::TransferReference;

class TransferReferenceTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(TransferReferenceTest);
    CPPUNIT_TEST(testShape);
    CPPUNIT_TEST(testEverySymbolOfTheSourceCounts);
    CPPUNIT_TEST(testGeneratedReferencesDiffer);
    CPPUNIT_TEST(testCheckCatchesOneWrongSymbol);
    CPPUNIT_TEST(testCheckCatchesNeighboursSwapped);
    CPPUNIT_TEST(testNormalize);
    CPPUNIT_TEST(testNormalizeRefuses);
    CPPUNIT_TEST(testFindInDescription);
    CPPUNIT_TEST_SUITE_END();

public:
    void testShape()
    {
        const std::regex shape("MB-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}");
        for (int i = 0; i < 200; ++i) {
            const std::string reference = TransferReference::generate();
            CPPUNIT_ASSERT_MESSAGE(reference, std::regex_match(reference, shape));
            CPPUNIT_ASSERT(TransferReference::normalize(reference) == reference);
        }
    }

    // The symbols are taken from the random numbers as they come: a fixed source gives
    // a fixed reference, whose check symbol is worked out by hand below.
    void testEverySymbolOfTheSourceCounts()
    {
        std::uint32_t next = 0;
        const std::string reference = TransferReference::generate([&next] { return next++; });
        // 0..6 -> "0123456"; Luhn mod 32 from the right: 6*2=12, 5, 4*2=8, 3, 2*2=4, 1, 0 -> 33,
        // 33 % 32 = 1, check = 32 - 1 = 31 -> 'Z'.
        CPPUNIT_ASSERT_EQUAL(std::string("MB-0123-456Z"), reference);
        next = 32 * 5 + 31; // only the value modulo 32 counts
        const std::string high = TransferReference::generate([&next] { return next; });
        CPPUNIT_ASSERT_EQUAL(std::string("MB-ZZZZ-ZZZ") + TransferReference::checkSymbol("ZZZZZZZ"), high);
    }

    void testGeneratedReferencesDiffer()
    {
        std::set<std::string> seen;
        for (int i = 0; i < 5000; ++i)
            seen.insert(TransferReference::generate());
        CPPUNIT_ASSERT_EQUAL(std::size_t(5000), seen.size());
    }

    void testCheckCatchesOneWrongSymbol()
    {
        const std::string symbols = "7QX4M2K";
        const std::string whole = symbols + TransferReference::checkSymbol(symbols);
        CPPUNIT_ASSERT(TransferReference::checks(whole));
        for (std::size_t at = 0; at < whole.size(); ++at) {
            for (char c : TransferReference::alphabet) {
                if (c == whole[at])
                    continue;
                std::string typo = whole;
                typo[at] = c;
                CPPUNIT_ASSERT_MESSAGE(typo, !TransferReference::checks(typo));
            }
        }
    }

    void testCheckCatchesNeighboursSwapped()
    {
        const std::string symbols = "7QX4M2K";
        const std::string whole = symbols + TransferReference::checkSymbol(symbols);
        for (std::size_t at = 0; at + 1 < whole.size(); ++at) {
            std::string swapped = whole;
            std::swap(swapped[at], swapped[at + 1]);
            // Luhn mod 32 misses only a swap of 0 and Z (as mod 10 misses 09 and 90).
            CPPUNIT_ASSERT_MESSAGE(swapped, !TransferReference::checks(swapped));
        }
    }

    void testNormalize()
    {
        const std::string reference = TransferReference::generate();
        const std::string symbols = reference.substr(3, 4) + reference.substr(8, 4);
        std::string lower = reference;
        for (char& c : lower)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        CPPUNIT_ASSERT(TransferReference::normalize(lower) == reference);
        CPPUNIT_ASSERT(TransferReference::normalize("MB" + symbols) == reference);
        CPPUNIT_ASSERT(TransferReference::normalize("  mb " + symbols.substr(0, 4) + " " + symbols.substr(4) +
                                                    " ") == reference);
        // Crockford's look-alikes: O is 0, I and L are 1.
        const std::string withZero = "MB-0123-456Z";
        CPPUNIT_ASSERT(TransferReference::normalize("mb-o123-456z") == withZero);
        CPPUNIT_ASSERT(TransferReference::normalize("MB-0I23-456Z") == withZero);
        CPPUNIT_ASSERT(TransferReference::normalize("MB-0L23-456Z") == withZero);
        // The example the pages and docs/plugins/pay-bank.md show is a reference.
        CPPUNIT_ASSERT(TransferReference::normalize("MB-7QX4-M2KA") == std::string("MB-7QX4-M2KA"));
    }

    void testNormalizeRefuses()
    {
        for (const char* text : {"", "MB", "MB-0123-4567", "MB-0123-456", "MB-0123-456ZZ", "XB-0123-456Z",
                                 "MB-0123-45UZ", "MB--0123-456Z", "INV-2026-000042"})
            CPPUNIT_ASSERT_MESSAGE(text, !TransferReference::normalize(text));
    }

    void testFindInDescription()
    {
        const std::string a = "MB-0123-456Z";
        const std::string b = TransferReference::generate();
        const std::string bBare = b.substr(0, 2) + b.substr(3, 4) + b.substr(8, 4);
        CPPUNIT_ASSERT_EQUAL(
            std::vector<std::string>{a},
            TransferReference::findIn("TRF FROM PEARL DENTAL REF mb-0123-456z INV-2026-000042"));
        CPPUNIT_ASSERT_EQUAL(
            (std::vector<std::string>{a, b}),
            TransferReference::findIn("/RFB/MB0123456Z/ and " + bBare + ", again MB-0123-456Z"));
        CPPUNIT_ASSERT_EQUAL(std::vector<std::string>{},
                             TransferReference::findIn("MB-0123-4567 (wrong check) or MB-0123-456ZX"));
        CPPUNIT_ASSERT_EQUAL(std::vector<std::string>{}, TransferReference::findIn("no reference here"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TransferReferenceTest);
