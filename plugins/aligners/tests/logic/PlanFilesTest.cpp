// The plan's files known by their names and bytes: the step a setup file's name gives,
// binary and ASCII STLs told from text and from a binary whose size is off, the PDF
// report's signature, and the names shown and stored (folders, quotes and controls
// dropped, cut at 120 bytes on a character boundary).
#include "rules/PlanFiles.h"

#include <cppunit/extensions/HelperMacros.h>

#include <cstdint>
#include <string>

using namespace molar::aligners;

namespace {

// A binary STL's first 84 bytes: the header (starting with `header`) and the triangle count.
std::string binaryHead(std::uint32_t triangles, const std::string& header = "binary STL")
{
    std::string head = header;
    head.resize(80, ' ');
    for (int i = 0; i < 4; ++i)
        head += static_cast<char>((triangles >> (8 * i)) & 0xFF);
    return head;
}

std::uint64_t binarySize(std::uint64_t triangles)
{
    return 84 + 50 * triangles;
}

const std::string kNotStl = "aligners.upload.error.notStl";

} // namespace

class PlanFilesTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PlanFilesTest);
    CPPUNIT_TEST(stepFromTheLastNumber);
    CPPUNIT_TEST(stepNumbersRefused);
    CPPUNIT_TEST(binaryStlBySize);
    CPPUNIT_TEST(asciiStl);
    CPPUNIT_TEST(binaryHeaderStartingWithSolid);
    CPPUNIT_TEST(notStl);
    CPPUNIT_TEST(pdfBySignature);
    CPPUNIT_TEST(displayNameDropsFoldersAndControls);
    CPPUNIT_TEST(displayNameCutAtACharacter);
    CPPUNIT_TEST_SUITE_END();

public:
    void stepFromTheLastNumber()
    {
        CPPUNIT_ASSERT_EQUAL(5, stepFromFileName("Upper_Step_05.stl"));
        CPPUNIT_ASSERT_EQUAL(0, stepFromFileName("upper 0.stl"));
        CPPUNIT_ASSERT_EQUAL(7, stepFromFileName("v2 step 7.stl"));
        CPPUNIT_ASSERT_EQUAL(5, stepFromFileName("step5.stl"));
        CPPUNIT_ASSERT_EQUAL(200, stepFromFileName("lower-200.STL"));
        CPPUNIT_ASSERT_EQUAL(12, stepFromFileName("12"));
        // The extension's digits are not the step ("model.3mf" is not step 3).
        CPPUNIT_ASSERT_EQUAL(4, stepFromFileName("upper 4.3mf"));
        // Folders are not the name: their numbers do not count.
        CPPUNIT_ASSERT_EQUAL(9, stepFromFileName("case 2041/setup v3/Upper_Step_09.stl"));
        CPPUNIT_ASSERT_EQUAL(9, stepFromFileName("C:\\cases\\2041\\Upper_Step_09.stl"));
        CPPUNIT_ASSERT_EQUAL(-1, stepFromFileName("case 2041/v3/upper.stl"));
    }

    void stepNumbersRefused()
    {
        CPPUNIT_ASSERT_EQUAL(-1, stepFromFileName("upper.stl"));
        CPPUNIT_ASSERT_EQUAL(-1, stepFromFileName(""));
        CPPUNIT_ASSERT_EQUAL(-1, stepFromFileName(".stl"));
        CPPUNIT_ASSERT_EQUAL(-1, stepFromFileName("folder 12/"));
        // Four digits are no step number (a date, a case number), nor more.
        CPPUNIT_ASSERT_EQUAL(-1, stepFromFileName("Upper_Step_0005.stl"));
        CPPUNIT_ASSERT_EQUAL(-1, stepFromFileName("scan 2026.stl"));
        CPPUNIT_ASSERT_EQUAL(-1, stepFromFileName("upper 99999999999999999999.stl"));
        // Arabic-Indic digits are not read.
        CPPUNIT_ASSERT_EQUAL(-1, stepFromFileName("upper \xD9\xA5.stl"));
    }

    void binaryStlBySize()
    {
        CPPUNIT_ASSERT_EQUAL(std::string(), checkStl(binaryHead(1), binarySize(1)));
        CPPUNIT_ASSERT_EQUAL(std::string(), checkStl(binaryHead(12000), binarySize(12000)));
        // Only the first bytes are looked at: more of the file changes nothing.
        CPPUNIT_ASSERT_EQUAL(std::string(), checkStl(binaryHead(3) + std::string(150, '\0'), binarySize(3)));
        // A size one byte off either way is not that file.
        CPPUNIT_ASSERT_EQUAL(kNotStl, checkStl(binaryHead(12000), binarySize(12000) + 1));
        CPPUNIT_ASSERT_EQUAL(kNotStl, checkStl(binaryHead(12000), binarySize(12000) - 1));
        // No triangles: nothing to print, even at the matching 84 bytes.
        CPPUNIT_ASSERT_EQUAL(kNotStl, checkStl(binaryHead(0), 84));
        // The largest count is sized in 64 bits: a size that a 32-bit product would wrap
        // to does not match (the upload's size limit refuses the true size elsewhere).
        CPPUNIT_ASSERT_EQUAL(kNotStl,
                             checkStl(binaryHead(0xFFFFFFFFu), binarySize(0xFFFFFFFFull) % (1ull << 32)));
        CPPUNIT_ASSERT_EQUAL(std::string(), checkStl(binaryHead(0xFFFFFFFFu), binarySize(0xFFFFFFFFull)));
        // Cut before the triangle count.
        CPPUNIT_ASSERT_EQUAL(kNotStl, checkStl(binaryHead(1).substr(0, 83), binarySize(1)));
    }

    void asciiStl()
    {
        const std::string ascii =
            "solid upper_05\n  facet normal 0 0 1\n    outer loop\n      vertex 0 0 0\n";
        CPPUNIT_ASSERT_EQUAL(std::string(), checkStl(ascii, 4096));
        CPPUNIT_ASSERT_EQUAL(std::string(), checkStl("SOLID X\nFACET NORMAL 0 0 1\n", 4096));
        // A short file is read whole.
        CPPUNIT_ASSERT_EQUAL(std::string(), checkStl("solid\nfacet", 11));
        // "solid" without a facet in its first bytes is not a model.
        CPPUNIT_ASSERT_EQUAL(kNotStl, checkStl("solid upper_05\nendsolid upper_05\n", 33));
        CPPUNIT_ASSERT_EQUAL(kNotStl, checkStl("solid " + std::string(600, 'x') + " facet", 4096));
        // The word must start the file.
        CPPUNIT_ASSERT_EQUAL(kNotStl, checkStl("my solid facet", 14));
    }

    void binaryHeaderStartingWithSolid()
    {
        // Some exporters write "solid" in a binary header: the size decides.
        CPPUNIT_ASSERT_EQUAL(std::string(), checkStl(binaryHead(7, "solid exported by CAD"), binarySize(7)));
        // The same header with a wrong size and no facet is neither.
        CPPUNIT_ASSERT_EQUAL(kNotStl, checkStl(binaryHead(7, "solid exported by CAD"), binarySize(7) + 1));
    }

    void notStl()
    {
        CPPUNIT_ASSERT_EQUAL(kNotStl, checkStl("", 0));
        CPPUNIT_ASSERT_EQUAL(kNotStl, checkStl("hello, this is a text file\n", 27));
        CPPUNIT_ASSERT_EQUAL(kNotStl, checkStl("%PDF-1.4\n", 9));
        CPPUNIT_ASSERT_EQUAL(kNotStl, checkStl(std::string("PK\x03\x04", 4) + std::string(200, 'z'), 204));
        CPPUNIT_ASSERT_EQUAL(kNotStl, checkStl(std::string(84, '\0'), 84));
    }

    void pdfBySignature()
    {
        CPPUNIT_ASSERT_EQUAL(std::string(), checkPdf("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"));
        CPPUNIT_ASSERT_EQUAL(std::string(), checkPdf("%PDF-"));
        const std::string notPdf = "aligners.upload.error.notPdf";
        CPPUNIT_ASSERT_EQUAL(notPdf, checkPdf(""));
        CPPUNIT_ASSERT_EQUAL(notPdf, checkPdf("%PDF"));
        CPPUNIT_ASSERT_EQUAL(notPdf, checkPdf("%pdf-1.7"));
        CPPUNIT_ASSERT_EQUAL(notPdf, checkPdf(" %PDF-1.7"));
        CPPUNIT_ASSERT_EQUAL(notPdf, checkPdf("<html>%PDF-1.7"));
    }

    void displayNameDropsFoldersAndControls()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("Upper_Step_05.stl"), displayFileName("Upper_Step_05.stl"));
        CPPUNIT_ASSERT_EQUAL(std::string("report.pdf"), displayFileName("case 12/plans/report.pdf"));
        CPPUNIT_ASSERT_EQUAL(std::string("report.pdf"), displayFileName("C:\\Users\\lab\\report.pdf"));
        CPPUNIT_ASSERT_EQUAL(std::string("report.pdf"), displayFileName("../../etc/report.pdf"));
        CPPUNIT_ASSERT_EQUAL(std::string("a b.stl"), displayFileName("a\r\n b\t.stl"));
        CPPUNIT_ASSERT_EQUAL(std::string("ximg src=x onerror=alert(1).pdf"),
                             displayFileName("x<img src=x onerror=alert(1)>.pdf"));
        CPPUNIT_ASSERT_EQUAL(std::string("its name.stl"), displayFileName("it's \"name\".stl"));
        CPPUNIT_ASSERT_EQUAL(std::string("ab"), displayFileName(std::string("a\0b\x7F", 4)));
        CPPUNIT_ASSERT_EQUAL(std::string("\xD8\xAE\xD8\xB7\xD8\xA9.pdf"),
                             displayFileName("\xD8\xAE\xD8\xB7\xD8\xA9.pdf"));
        // Nothing left: a name all the same.
        CPPUNIT_ASSERT_EQUAL(std::string("file"), displayFileName(""));
        CPPUNIT_ASSERT_EQUAL(std::string("file"), displayFileName("folder/"));
        CPPUNIT_ASSERT_EQUAL(std::string("file"), displayFileName("\"\x01'"));
    }

    void displayNameCutAtACharacter()
    {
        CPPUNIT_ASSERT_EQUAL(std::string(120, 'a'), displayFileName(std::string(120, 'a')));
        CPPUNIT_ASSERT_EQUAL(std::string(120, 'a'), displayFileName(std::string(121, 'a')));
        // Two-byte letters: 60 of them are 120 bytes and fit; the 61st is dropped whole.
        std::string arabic;
        for (int i = 0; i < 61; ++i)
            arabic += "\xD8\xA7";
        CPPUNIT_ASSERT_EQUAL(arabic.substr(0, 120), displayFileName(arabic));
        // One byte before them: the 60th letter would straddle byte 120, so 59 are kept.
        CPPUNIT_ASSERT_EQUAL("x" + arabic.substr(0, 118), displayFileName("x" + arabic));
        // Four-byte characters after 118 bytes: the one across the cut goes.
        const std::string emoji = "\xF0\x9F\x98\x80";
        CPPUNIT_ASSERT_EQUAL(std::string(118, 'a'), displayFileName(std::string(118, 'a') + emoji + emoji));
        // The cut counts what is left after the controls are dropped.
        CPPUNIT_ASSERT_EQUAL(std::string(120, 'a'),
                             displayFileName(std::string(10, '\x01') + std::string(125, 'a')));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PlanFilesTest);
