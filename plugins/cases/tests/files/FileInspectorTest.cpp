// inspectFile on single files: every format by its bytes whatever the name, broken
// scans refused with the reason, and a 200 MB scan judged without reading it whole.
#include "files/FileInspector.h"
#include "FileFixtures.h"
#include "TestDatabase.h"

#include <cppunit/extensions/HelperMacros.h>

#include <filesystem>
#include <stdexcept>

using molar::cases::FileType;
using molar::cases::inspectFile;
using molar::cases::InspectionLimits;
using molar::test::TempDir;
using namespace molar::cases::fixtures;

class FileInspectorTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(FileInspectorTest);
    CPPUNIT_TEST(testBinaryStl);
    CPPUNIT_TEST(testBinaryStlWhoseHeaderSaysSolid);
    CPPUNIT_TEST(testBinaryStlOfWrongSizeIsBadScan);
    CPPUNIT_TEST(testBinaryStlWithoutTrianglesIsBadScan);
    CPPUNIT_TEST(testAsciiStl);
    CPPUNIT_TEST(testLongAsciiStlIsJudgedByHeadAndTail);
    CPPUNIT_TEST(testAsciiStlCutShortIsBadScan);
    CPPUNIT_TEST(testPlyAsciiAndBinary);
    CPPUNIT_TEST(testPlyWithUnknownFormatIsBadScan);
    CPPUNIT_TEST(testObj);
    CPPUNIT_TEST(testTextThatIsNoObjIsRefused);
    CPPUNIT_TEST(testPhotosAndDocumentsWhateverTheirName);
    CPPUNIT_TEST(testTextNamedStlIsRefused);
    CPPUNIT_TEST(testExecutableIsRefused);
    CPPUNIT_TEST(testEmptyFileIsRefused);
    CPPUNIT_TEST(testMissingFileThrows);
    CPPUNIT_TEST(testLargeBinaryStlIsNotReadWhole);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { _dir = std::make_unique<TempDir>(); }
    void tearDown() override { _dir.reset(); }

    void testBinaryStl()
    {
        FileType type = inspect("upper.stl", binaryStl(3));
        assertType("scan", "stl", "model/stl", type);
    }

    void testBinaryStlWhoseHeaderSaysSolid()
    {
        FileType type = inspect("lower.stl", binaryStl(2, "solid exported by the scanner"));
        assertType("scan", "stl", "model/stl", type);
    }

    void testBinaryStlOfWrongSizeIsBadScan()
    {
        std::string cut = binaryStl(10);
        cut.resize(cut.size() - 7);
        FileType type = inspect("cut.stl", cut);
        assertRefused("cases.file.error.badScan", type);
        CPPUNIT_ASSERT_EQUAL(
            std::string("binary STL declares 10 triangles, which take 584 bytes, but the file has 577"),
            type.detail);

        std::string padded = binaryStl(1, "solid padded") + "extra";
        assertRefused("cases.file.error.badScan", inspect("padded.stl", padded));
    }

    void testBinaryStlWithoutTrianglesIsBadScan()
    {
        assertRefused("cases.file.error.badScan", inspect("none.stl", binaryStl(0)));
    }

    void testAsciiStl()
    {
        assertType("scan", "stl", "model/stl", inspect("tooth.stl", asciiStl(2)));
        // Windows line ends and capitals, as some exporters write them.
        std::string windows =
            "SOLID crown\r\n facet normal 0 0 1\r\n  outer loop\r\n   vertex 0 0 0\r\n"
            "   vertex 1 0 0\r\n   vertex 0 1 0\r\n  endloop\r\n endfacet\r\nENDSOLID crown\r\n";
        assertType("scan", "stl", "model/stl", inspect("crown.stl", windows));
    }

    void testLongAsciiStlIsJudgedByHeadAndTail()
    {
        std::string text = asciiStl(2000);
        CPPUNIT_ASSERT(text.size() > 200 * 1024);
        assertType("scan", "stl", "model/stl", inspect("long.stl", text));
    }

    void testAsciiStlCutShortIsBadScan()
    {
        FileType type = inspect("cut.stl", asciiStl(2000, false));
        assertRefused("cases.file.error.badScan", type);
        CPPUNIT_ASSERT(type.detail.find("endsolid") != std::string::npos);
        assertRefused("cases.file.error.badScan", inspect("hollow.stl", "solid nothing\nendsolid nothing\n"));
    }

    void testPlyAsciiAndBinary()
    {
        assertType("scan", "ply", "model/ply", inspect("a.ply", asciiPly()));
        assertType("scan", "ply", "model/ply", inspect("b.ply", binaryPly()));
    }

    void testPlyWithUnknownFormatIsBadScan()
    {
        FileType type = inspect("odd.ply", "ply\nformat xml 1.0\nelement vertex 1\nend_header\n");
        assertRefused("cases.file.error.badScan", type);
        CPPUNIT_ASSERT_EQUAL(std::string("PLY format 'xml' is unknown"), type.detail);
        assertRefused("cases.file.error.badScan",
                      inspect("open.ply", "ply\nformat ascii 1.0\nelement vertex 1\n"));
    }

    void testObj() { assertType("scan", "obj", "model/obj", inspect("jaw.obj", obj())); }

    void testTextThatIsNoObjIsRefused()
    {
        assertRefused("cases.file.error.unknownType", inspect("notes.obj", obj() + "Dear doctor,\n"));
        // Only comments and groups: no vertex.
        assertRefused("cases.file.error.unknownType", inspect("hollow.obj", "# nothing\ng empty\n"));
    }

    void testPhotosAndDocumentsWhateverTheirName()
    {
        assertType("photo", "jpeg", "image/jpeg", inspect("photo.stl", jpeg()));
        assertType("photo", "png", "image/png", inspect("scan.stl", png()));
        assertType("document", "pdf", "application/pdf", inspect("referral.obj", pdf()));
        assertType("document", "dicom", "application/dicom", inspect("xray.jpg", dicom()));
    }

    void testTextNamedStlIsRefused()
    {
        FileType type = inspect("letter.stl", "Please make the crown a shade lighter.\n");
        assertRefused("cases.file.error.unknownType", type);
    }

    void testExecutableIsRefused()
    {
        FileType type = inspect("setup.stl", executable());
        assertRefused("cases.file.error.unknownType", type);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(type.detail, std::size_t(0),
                                     type.detail.find("content starts with 4d 5a 90"));
    }

    void testEmptyFileIsRefused() { assertRefused("cases.file.error.empty", inspect("empty.stl", "")); }

    void testMissingFileThrows()
    {
        CPPUNIT_ASSERT_THROW(inspectFile(_dir->file("missing.stl"), InspectionLimits()), std::runtime_error);
    }

    void testLargeBinaryStlIsNotReadWhole()
    {
        // 4 million triangles, 200 MB, held on disk as a sparse file: the inspection
        // reads the head, sees binary data and takes the size from the file system.
        const std::uint32_t triangles = 4000000;
        std::string path = _dir->file("full-arch.stl");
        writeBytes(path, binaryStl(1).substr(0, 80) + std::string("\x00\x09\x3d\x00", 4));
        std::filesystem::resize_file(path, 84 + 50ULL * triangles);
        CPPUNIT_ASSERT_EQUAL(std::uintmax_t(200000084), std::filesystem::file_size(path));
        assertType("scan", "stl", "model/stl", inspectFile(path, InspectionLimits()));
    }

private:
    FileType inspect(const std::string& name, const std::string& bytes)
    {
        std::string path = _dir->file(name);
        writeBytes(path, bytes);
        return inspectFile(path, InspectionLimits());
    }

    static void assertType(const std::string& kind, const std::string& format, const std::string& mediaType,
                           const FileType& type)
    {
        CPPUNIT_ASSERT_EQUAL_MESSAGE(type.problem + ": " + type.detail, std::string(), type.problem);
        CPPUNIT_ASSERT_EQUAL(kind, type.kind);
        CPPUNIT_ASSERT_EQUAL(format, type.format);
        CPPUNIT_ASSERT_EQUAL(mediaType, type.mediaType);
    }

    static void assertRefused(const std::string& problem, const FileType& type)
    {
        CPPUNIT_ASSERT_EQUAL_MESSAGE(type.detail, problem, type.problem);
        CPPUNIT_ASSERT_EQUAL(std::string(), type.kind);
        CPPUNIT_ASSERT(!type.detail.empty());
    }

    std::unique_ptr<TempDir> _dir;
};

CPPUNIT_TEST_SUITE_REGISTRATION(FileInspectorTest);
