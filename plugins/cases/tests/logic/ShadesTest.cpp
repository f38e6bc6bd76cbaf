// The two VITA shade guides.
#include "chart/Shades.h"

#include <cppunit/extensions/HelperMacros.h>

#include <set>

using namespace molar::cases;

class ShadesTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ShadesTest);
    CPPUNIT_TEST(testClassical);
    CPPUNIT_TEST(testThreeDMaster);
    CPPUNIT_TEST(testGuideNames);
    CPPUNIT_TEST_SUITE_END();

public:
    void testClassical()
    {
        const auto& all = shades(ShadeGuide::Classical);
        CPPUNIT_ASSERT(all == std::vector<std::string>({"A1", "A2", "A3", "A3.5", "A4", "B1", "B2", "B3",
                                                        "B4", "C1", "C2", "C3", "C4", "D2", "D3", "D4"}));
        CPPUNIT_ASSERT(isShade(ShadeGuide::Classical, "A3.5"));
        for (const char* bad : {"", "a1", "A5", "D1", "B3.5", "A1 ", "0M1"})
            CPPUNIT_ASSERT_MESSAGE(bad, !isShade(ShadeGuide::Classical, bad));
    }

    void testThreeDMaster()
    {
        const auto& all = shades(ShadeGuide::ThreeDMaster);
        CPPUNIT_ASSERT_EQUAL(std::size_t(29), all.size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(29), std::set<std::string>(all.begin(), all.end()).size());
        for (const char* shade : {"0M1", "0M3", "1M2", "2L1.5", "2R2.5", "3M3", "4L2.5", "4R1.5", "5M3"})
            CPPUNIT_ASSERT_MESSAGE(shade, isShade(ShadeGuide::ThreeDMaster, shade));
        for (const char* bad : {"", "1M3", "1L1.5", "5L1.5", "0M4", "6M1", "2m1", "A1"})
            CPPUNIT_ASSERT_MESSAGE(bad, !isShade(ShadeGuide::ThreeDMaster, bad));
    }

    void testGuideNames()
    {
        ShadeGuide guide = ShadeGuide::Classical;
        CPPUNIT_ASSERT(parseShadeGuide("3d-master", guide));
        CPPUNIT_ASSERT(guide == ShadeGuide::ThreeDMaster);
        CPPUNIT_ASSERT(parseShadeGuide("classical", guide));
        CPPUNIT_ASSERT(guide == ShadeGuide::Classical);
        for (const char* bad : {"", "Classical", "3D-Master", "vita"})
            CPPUNIT_ASSERT_MESSAGE(bad, !parseShadeGuide(bad, guide));
        CPPUNIT_ASSERT_EQUAL(std::string("classical"), shadeGuideName(ShadeGuide::Classical));
        CPPUNIT_ASSERT_EQUAL(std::string("3d-master"), shadeGuideName(ShadeGuide::ThreeDMaster));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ShadesTest);
