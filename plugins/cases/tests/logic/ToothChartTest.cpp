// Tooth numbering (FDI and Universal, permanent and deciduous), the chart's order,
// per-tooth states and the stored form of a selection.
#include "chart/ToothChart.h"

#include <cppunit/extensions/HelperMacros.h>

#include <set>
#include <stdexcept>

using namespace molar::cases;

class ToothChartTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ToothChartTest);
    CPPUNIT_TEST(testFiftyTwoTeeth);
    CPPUNIT_TEST(testUniversalLandmarks);
    CPPUNIT_TEST(testEveryToothBothWays);
    CPPUNIT_TEST(testInvalidLabels);
    CPPUNIT_TEST(testChartOrder);
    CPPUNIT_TEST(testStatesAndArches);
    CPPUNIT_TEST(testSelectionRoundTrip);
    CPPUNIT_TEST(testSelectionRefusals);
    CPPUNIT_TEST_SUITE_END();

public:
    static std::vector<int> allTeeth()
    {
        std::vector<int> out;
        for (int fdi = 0; fdi < 100; ++fdi)
            if (isTooth(fdi))
                out.push_back(fdi);
        return out;
    }

    void testFiftyTwoTeeth()
    {
        auto teeth = allTeeth();
        CPPUNIT_ASSERT_EQUAL(std::size_t(52), teeth.size());
        CPPUNIT_ASSERT(isTooth(11) && isTooth(18) && isTooth(48) && isTooth(55) && isTooth(85));
        for (int bad : {0, 10, 19, 20, 29, 49, 50, 56, 66, 76, 86, 90, 91, 111, -11})
            CPPUNIT_ASSERT_MESSAGE(std::to_string(bad), !isTooth(bad));
    }

    void testUniversalLandmarks()
    {
        std::vector<std::pair<std::string, int>> landmarks{
            {"1", 18}, {"8", 11},  {"9", 21},  {"16", 28}, {"17", 38}, {"24", 31}, {"25", 41}, {"32", 48},
            {"A", 55}, {"E", 51},  {"F", 61},  {"J", 65},  {"K", 75},  {"O", 71},  {"P", 81},  {"T", 85},
            {"3", 16}, {"30", 46}, {"19", 36}, {"14", 26}, {"C", 53},  {"M", 73}};
        for (const auto& [universal, fdi] : landmarks) {
            CPPUNIT_ASSERT_EQUAL_MESSAGE(universal, fdi, parseTooth(universal, Numbering::Universal));
            CPPUNIT_ASSERT_EQUAL(universal, toothLabel(fdi, Numbering::Universal));
        }
    }

    void testEveryToothBothWays()
    {
        std::set<std::string> universal;
        for (int fdi : allTeeth()) {
            std::string fdiLabel = toothLabel(fdi, Numbering::FDI);
            CPPUNIT_ASSERT_EQUAL(std::to_string(fdi), fdiLabel);
            CPPUNIT_ASSERT_EQUAL(fdi, parseTooth(fdiLabel, Numbering::FDI));
            std::string label = toothLabel(fdi, Numbering::Universal);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(std::to_string(fdi), fdi, parseTooth(label, Numbering::Universal));
            universal.insert(label);
        }
        // 1-32 and A-T, each once.
        CPPUNIT_ASSERT_EQUAL(std::size_t(52), universal.size());
        for (int n = 1; n <= 32; ++n)
            CPPUNIT_ASSERT(universal.count(std::to_string(n)));
        for (char c = 'A'; c <= 'T'; ++c)
            CPPUNIT_ASSERT(universal.count(std::string(1, c)));
    }

    void testInvalidLabels()
    {
        for (const char* bad :
             {"", "0", "1", "10", "19", "09", "56", "86", "91", "111", "1a", " 11", "11 ", "A", "-11", "+11"})
            CPPUNIT_ASSERT_EQUAL_MESSAGE(bad, 0, parseTooth(bad, Numbering::FDI));
        for (const char* bad :
             {"", "0", "33", "01", "08", "100", "U", "Z", "a", "e", "AA", " 8", "8 ", "-1", "+8", "3.", "1A"})
            CPPUNIT_ASSERT_EQUAL_MESSAGE(bad, 0, parseTooth(bad, Numbering::Universal));
        CPPUNIT_ASSERT_EQUAL(std::string(), toothLabel(19, Numbering::FDI));
        CPPUNIT_ASSERT_EQUAL(std::string(), toothLabel(56, Numbering::Universal));
    }

    void testChartOrder()
    {
        const auto& order = permanentChartOrder();
        CPPUNIT_ASSERT_EQUAL(std::size_t(32), order.size());
        CPPUNIT_ASSERT_EQUAL(18, order.front());
        CPPUNIT_ASSERT_EQUAL(11, order[7]);
        CPPUNIT_ASSERT_EQUAL(21, order[8]);
        CPPUNIT_ASSERT_EQUAL(28, order[15]);
        CPPUNIT_ASSERT_EQUAL(48, order[16]);
        CPPUNIT_ASSERT_EQUAL(41, order[23]);
        CPPUNIT_ASSERT_EQUAL(31, order[24]);
        CPPUNIT_ASSERT_EQUAL(38, order.back());
        CPPUNIT_ASSERT_EQUAL(std::size_t(32), std::set<int>(order.begin(), order.end()).size());
    }

    void testStatesAndArches()
    {
        CPPUNIT_ASSERT_EQUAL(std::size_t(8), toothStates().size());
        for (const char* state : {"missing", "planned_extraction", "inlay_onlay_filling", "crown", "bridge",
                                  "implant", "retained_deciduous", "do_not_move"})
            CPPUNIT_ASSERT_MESSAGE(state, isToothState(state));
        for (const char* bad : {"", "none", "Crown", "crown ", "veneer"})
            CPPUNIT_ASSERT_MESSAGE(bad, !isToothState(bad));
        CPPUNIT_ASSERT(isArch("upper") && isArch("lower") && isArch("both"));
        CPPUNIT_ASSERT(!isArch("") && !isArch("Upper") && !isArch("left"));
    }

    void testSelectionRoundTrip()
    {
        ToothSelection selection{{21, "crown"}, {11, "crown"}, {46, "implant"}, {55, "retained_deciduous"}};
        std::string encoded = encodeSelection(selection);
        CPPUNIT_ASSERT_EQUAL(std::string("11:crown,21:crown,46:implant,55:retained_deciduous"), encoded);
        CPPUNIT_ASSERT(decodeSelection(encoded) == selection);
        CPPUNIT_ASSERT_EQUAL(std::string(), encodeSelection({}));
        CPPUNIT_ASSERT(decodeSelection("").empty());
        // Order in the stored text does not matter.
        CPPUNIT_ASSERT(decodeSelection("21:crown,11:crown") ==
                       (ToothSelection{{11, "crown"}, {21, "crown"}}));
    }

    void testSelectionRefusals()
    {
        for (const char* bad :
             {"19:crown", "11:veneer", "11", "11:", ":crown", "11:crown,", ",11:crown", "11:crown,,21:crown",
              "11 :crown", "11:crown ", "1:crown", "A:crown", "11:crown:x", "11:crown;21:crown"}) {
            try {
                decodeSelection(bad);
                CPPUNIT_FAIL(std::string("accepted ") + bad);
            } catch (const std::invalid_argument& e) {
                CPPUNIT_ASSERT_MESSAGE(e.what(), std::string(e.what()).find("bad tooth selection item") == 0);
            }
        }
        try {
            decodeSelection("11:crown,21:bridge,11:implant");
            CPPUNIT_FAIL("a tooth twice was accepted");
        } catch (const std::invalid_argument& e) {
            CPPUNIT_ASSERT_EQUAL(std::string("tooth 11 is selected twice"), std::string(e.what()));
        }
        CPPUNIT_ASSERT_THROW(encodeSelection({{19, "crown"}}), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(encodeSelection({{11, "veneer"}}), std::invalid_argument);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ToothChartTest);
