// Photos inside ZIP archives: decoded whole and stripped of their metadata by
// rewriting the archive; other entries stay byte for byte; a damaged photo refuses
// the archive, naming the entry.
#include "FileFixtures.h"
#include "PhotoFixtures.h"
#include "TestDatabase.h"
#include "files/FileInspector.h"
#include "files/PngChunks.h"

#include <cppunit/extensions/HelperMacros.h>

#include <filesystem>

using molar::cases::countPhotoMetadata;
using molar::cases::FileType;
using molar::cases::inspectFile;
using molar::cases::InspectionLimits;
using molar::cases::pngChunkTypes;
using molar::cases::stripArchivePhotos;
using molar::test::TempDir;
using namespace molar::cases::fixtures;

class ArchivePhotosTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ArchivePhotosTest);
    CPPUNIT_TEST(testPhotosInsideAreStrippedAndScansKept);
    CPPUNIT_TEST(testDamagedPhotoInsideRefusesTheArchive);
    CPPUNIT_TEST(testArchiveWithoutPhotosIsNotRewritten);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { _dir = std::make_unique<TempDir>(); }
    void tearDown() override { _dir.reset(); }

    void testPhotosInsideAreStrippedAndScansKept()
    {
        const std::string scan = binaryStl(20);
        const std::string path = archive("case.zip", {{"scan/upper.stl", scan},
                                                      {"scan/texture.png", pngWithMetadata(true)},
                                                      {"photos/front.jpg", jpegWithMetadata()},
                                                      {"referral.pdf", pdf()}});
        CPPUNIT_ASSERT_EQUAL(std::string("zip"), inspectFile(path, InspectionLimits()).format);
        const std::string before = readBytes(path);
        for (const char* secret : {"Smith", "Canon"})
            CPPUNIT_ASSERT_MESSAGE(secret, before.find(secret) != std::string::npos);

        FileType refusal = stripArchivePhotos(path, InspectionLimits());

        CPPUNIT_ASSERT_EQUAL_MESSAGE(refusal.detail, std::string(), refusal.problem);
        // Nothing left beside the archive.
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), filesIn(_dir->path()));
        CPPUNIT_ASSERT_EQUAL(std::string("zip"), inspectFile(path, InspectionLimits()).format);
        auto inside = zipEntries(path);
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), inside.size());
        CPPUNIT_ASSERT(inside["scan/upper.stl"] == scan);
        CPPUNIT_ASSERT(inside["referral.pdf"] == pdf());

        const std::string png = _dir->file("texture.png");
        writeBytes(png, inside["scan/texture.png"]);
        CPPUNIT_ASSERT((std::vector<std::string>{"IHDR", "eXIf", "pHYs", "IDAT", "IEND"}) ==
                       pngChunkTypes(png));
        CPPUNIT_ASSERT_EQUAL(std::string("png"), inspectFile(png, InspectionLimits()).format);

        const std::string jpg = _dir->file("front.jpg");
        writeBytes(jpg, inside["photos/front.jpg"]);
        const auto left = countPhotoMetadata(jpg);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), left.exif + left.xmp + left.iptc);
        CPPUNIT_ASSERT_EQUAL(std::string("jpeg"), inspectFile(jpg, InspectionLimits()).format);

        for (const auto& [name, bytes] : inside)
            for (const char* secret : {"Smith", "Patient", "Berlin", "Canon"})
                CPPUNIT_ASSERT_MESSAGE(name + ": " + secret, bytes.find(secret) == std::string::npos);
    }

    void testDamagedPhotoInsideRefusesTheArchive()
    {
        const std::string whole = gradientPng(64, 64);
        const std::string path = archive("cut.zip", {{"scan/upper.stl", binaryStl(3)},
                                                     {"photos/cut.png", whole.substr(0, whole.size() / 2)}});
        CPPUNIT_ASSERT_EQUAL(std::string("zip"), inspectFile(path, InspectionLimits()).format);
        const std::string before = readBytes(path);

        FileType refusal = stripArchivePhotos(path, InspectionLimits());

        CPPUNIT_ASSERT_EQUAL(std::string("cases.file.error.badImage"), refusal.problem);
        CPPUNIT_ASSERT_MESSAGE(refusal.detail, refusal.detail.find("entry photos/cut.png: ") == 0);
        CPPUNIT_ASSERT(readBytes(path) == before);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), filesIn(_dir->path()));
    }

    void testArchiveWithoutPhotosIsNotRewritten()
    {
        const std::string path =
            archive("scans.zip", {{"upper.stl", binaryStl(3)}, {"lower.ply", binaryPly()}});
        const std::string before = readBytes(path);
        CPPUNIT_ASSERT_EQUAL(std::string(), stripArchivePhotos(path, InspectionLimits()).problem);
        CPPUNIT_ASSERT(readBytes(path) == before);
    }

private:
    std::string archive(const std::string& name,
                        const std::vector<std::pair<std::string, std::string>>& files)
    {
        const std::string path = _dir->file(name);
        ZipWriter zip(path);
        // Stored, not deflated: the names in the photos show in the archive's bytes.
        for (const auto& [entry, bytes] : files)
            zip.store(zip.add(entry, bytes));
        zip.close();
        return path;
    }

    static std::size_t filesIn(const std::string& dir)
    {
        std::size_t n = 0;
        for (const auto& entry : std::filesystem::directory_iterator(dir))
            n += entry.is_regular_file() ? 1 : 0;
        return n;
    }

    std::unique_ptr<TempDir> _dir;
};

CPPUNIT_TEST_SUITE_REGISTRATION(ArchivePhotosTest);
