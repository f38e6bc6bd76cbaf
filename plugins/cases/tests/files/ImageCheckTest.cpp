// Photos are decoded whole: a file that only starts like a JPEG or PNG, one cut
// short or damaged inside, and one of too many pixels are refused by name, never
// with an exception.
#include "FileFixtures.h"
#include "PeakMemory.h"
#include "TestDatabase.h"
#include "files/FileInspector.h"

#include <cppunit/extensions/HelperMacros.h>

using molar::cases::FileType;
using molar::cases::inspectFile;
using molar::cases::InspectionLimits;
using molar::test::TempDir;
using namespace molar::cases::fixtures;

class ImageCheckTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ImageCheckTest);
    CPPUNIT_TEST(testWholeImagesAreAccepted);
    CPPUNIT_TEST(testPngSignatureAloneIsRefused);
    CPPUNIT_TEST(testPngCutShortIsRefused);
    CPPUNIT_TEST(testPngWithDamagedPixelsIsRefused);
    CPPUNIT_TEST(testJpegStartAloneIsRefused);
    CPPUNIT_TEST(testJpegCutShortIsRefused);
    CPPUNIT_TEST(testJpegWithGarbageAfterItsStartIsRefused);
    CPPUNIT_TEST(testImagesOfTooManyPixelsAreRefused);
    CPPUNIT_TEST(testPngChunkOfHugeDeclaredLengthIsNotAllocated);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { _dir = std::make_unique<TempDir>(); }
    void tearDown() override { _dir.reset(); }

    void testWholeImagesAreAccepted()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("png"), inspect("a.png", gradientPng(64, 48)).format);
        CPPUNIT_ASSERT_EQUAL(std::string("png"), inspect("b.png", png()).format);
        CPPUNIT_ASSERT_EQUAL(std::string("jpeg"), inspect("c.jpg", gradientJpeg(64, 48)).format);
        CPPUNIT_ASSERT_EQUAL(std::string("jpeg"), inspect("d.jpg", jpeg()).format);
    }

    void testPngSignatureAloneIsRefused()
    {
        assertBadImage(inspect("eight.png", std::string("\x89PNG\r\n\x1A\n", 8)));
        assertBadImage(inspect("header.png", std::string("\x89PNG\r\n\x1A\n", 8) + pngHeader(10, 10)));
    }

    void testPngCutShortIsRefused()
    {
        const std::string whole = gradientPng(64, 64);
        assertBadImage(inspect("half.png", whole.substr(0, whole.size() / 2)));
        // Without IEND the pixels are all there, but the file still ends early.
        assertBadImage(inspect("noend.png", whole.substr(0, whole.size() - 12)));
    }

    void testPngWithDamagedPixelsIsRefused()
    {
        std::string damaged = gradientPng(64, 64);
        const std::size_t idat = damaged.find("IDAT");
        damaged[idat + 40] = static_cast<char>(damaged[idat + 40] ^ 0x55);
        assertBadImage(inspect("damaged.png", damaged));
    }

    void testJpegStartAloneIsRefused()
    {
        assertBadImage(inspect("three.jpg", "\xFF\xD8\xFF"));
        assertBadImage(inspect("app0.jpg", jpeg().substr(0, 20)));
    }

    void testJpegCutShortIsRefused()
    {
        const std::string whole = gradientJpeg(256, 256);
        FileType type = inspect("cut.jpg", whole.substr(0, whole.size() * 2 / 3));
        assertBadImage(type);
        CPPUNIT_ASSERT_MESSAGE(type.detail, type.detail.find("Premature end") != std::string::npos);
    }

    void testJpegWithGarbageAfterItsStartIsRefused()
    {
        std::string garbage = "\xFF\xD8\xFF";
        garbage += executable(2048).substr(3);
        assertBadImage(inspect("garbage.jpg", garbage));
    }

    void testImagesOfTooManyPixelsAreRefused()
    {
        InspectionLimits limits;
        limits.maxImagePixels = 64 * 48 - 1;
        assertRefused("cases.file.error.imageTooLarge", inspect("big.png", gradientPng(64, 48), limits));
        assertRefused("cases.file.error.imageTooLarge", inspect("big.jpg", gradientJpeg(64, 48), limits));
        // A header that promises ten gigapixels is refused before any pixel is read.
        const std::string huge = std::string("\x89PNG\r\n\x1A\n", 8) + pngHeader(100000, 100000) +
                                 pngChunk("IDAT", "x") + pngChunk("IEND", "");
        FileType type = inspect("huge.png", huge, InspectionLimits());
        assertRefused("cases.file.error.imageTooLarge", type);
        CPPUNIT_ASSERT_EQUAL(std::string("the image has 10000000000 pixels; at most 64000000 are allowed"),
                             type.detail);
    }

    // Found by the photo-metadata fuzzer: a zTXt chunk declaring 1.9 GB in a 1 KiB PNG
    // had libpng allocate and clear all of it before finding the file short.
    void testPngChunkOfHugeDeclaredLengthIsNotAllocated()
    {
        std::string bytes = png();
        const std::size_t afterHeader = 8 + 25;
        bytes.insert(afterHeader, bigEndian32(0x74000000) + "zTXt" + "Comment" + std::string(64, '\0'));
        const std::string path = _dir->file("huge-ztxt.png");
        writeBytes(path, bytes);
        molar::test::PeakMemory peak;
        const molar::cases::FileType refusal =
            molar::cases::inspectFile(path, molar::cases::InspectionLimits());
        CPPUNIT_ASSERT_EQUAL(std::string("cases.file.error.badImage"), refusal.problem);
        CPPUNIT_ASSERT_MESSAGE(std::to_string(peak.risenKiB()) + " KiB", peak.risenKiB() < 64 * 1024);
    }

private:
    FileType inspect(const std::string& name, const std::string& bytes,
                     const InspectionLimits& limits = InspectionLimits())
    {
        const std::string path = _dir->file(name);
        writeBytes(path, bytes);
        return inspectFile(path, limits);
    }

    static void assertRefused(const std::string& problem, const FileType& type)
    {
        CPPUNIT_ASSERT_EQUAL_MESSAGE(type.detail, problem, type.problem);
        CPPUNIT_ASSERT_EQUAL(std::string(), type.kind);
    }

    static void assertBadImage(const FileType& type)
    {
        assertRefused("cases.file.error.badImage", type);
        CPPUNIT_ASSERT_MESSAGE(type.detail, type.detail.find("does not decode") != std::string::npos);
    }

    std::unique_ptr<TempDir> _dir;
};

CPPUNIT_TEST_SUITE_REGISTRATION(ImageCheckTest);
