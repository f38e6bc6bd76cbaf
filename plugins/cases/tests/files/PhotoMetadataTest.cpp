// stripPhotoMetadata: camera, place and time leave the photo, the orientation
// stays, and the file is still a JPEG; checked through exiv2's API and its tool.
#include "FileFixtures.h"
#include "TestDatabase.h"
#include "files/FileInspector.h"

#include <exiv2/exiv2.hpp>

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <stdexcept>
#include <thread>
#include <vector>

using molar::cases::countPhotoMetadata;
using molar::cases::inspectFile;
using molar::cases::InspectionLimits;
using molar::cases::MetadataCount;
using molar::cases::stripPhotoMetadata;
using molar::test::TempDir;
using namespace molar::cases::fixtures;

namespace {

// What a phone leaves in a photo of a patient.
void addMetadata(const std::string& path, bool orientation = true)
{
    Exiv2::Image::AutoPtr image = Exiv2::ImageFactory::open(path);
    image->readMetadata();
    Exiv2::ExifData& exif = image->exifData();
    exif["Exif.Image.Make"] = "Canon";
    exif["Exif.Image.Model"] = "EOS 5D";
    exif["Exif.Photo.DateTimeOriginal"] = "2024:05:01 10:30:00";
    exif["Exif.GPSInfo.GPSLatitudeRef"] = "N";
    exif["Exif.GPSInfo.GPSLatitude"] = "52/1 31/1 1234/100";
    exif["Exif.GPSInfo.GPSLongitudeRef"] = "E";
    exif["Exif.GPSInfo.GPSLongitude"] = "13/1 24/1 0/1";
    if (orientation)
        exif["Exif.Image.Orientation"] = std::uint16_t(6);
    Exiv2::XmpData& xmp = image->xmpData();
    xmp["Xmp.dc.creator"] = "Dr. Jane Smith";
    xmp["Xmp.photoshop.City"] = "Berlin";
    Exiv2::IptcData& iptc = image->iptcData();
    iptc["Iptc.Application2.Caption"] = "Patient 4711, upper jaw";
    iptc["Iptc.Application2.City"] = "Berlin";
    image->setComment("Patient 4711");
    image->writeMetadata();
}

// Everything exiv2's command-line tool prints, one line per tag.
std::string exiv2Tool(const std::string& options, const std::string& path)
{
    std::string command = "exiv2 " + options + " '" + path + "' 2>/dev/null";
    FILE* pipe = popen(command.c_str(), "r");
    CPPUNIT_ASSERT_MESSAGE(command, pipe != nullptr);
    std::string output;
    char buffer[4096];
    std::size_t got;
    while ((got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0)
        output.append(buffer, got);
    pclose(pipe);
    return output;
}

} // namespace

class PhotoMetadataTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PhotoMetadataTest);
    CPPUNIT_TEST(testStripKeepsOnlyOrientation);
    CPPUNIT_TEST(testStripWithoutOrientationLeavesNoExif);
    CPPUNIT_TEST(testStripOnManyThreads);
    CPPUNIT_TEST(testFileThatIsNoImageThrows);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { _dir = std::make_unique<TempDir>(); }
    void tearDown() override { _dir.reset(); }

    void testStripKeepsOnlyOrientation()
    {
        std::string path = photo("front.jpg");
        addMetadata(path);
        MetadataCount before = countPhotoMetadata(path);
        CPPUNIT_ASSERT(before.exif >= 8);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), before.xmp);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), before.iptc);
        std::string listed = exiv2Tool("-pa", path);
        CPPUNIT_ASSERT_MESSAGE(listed, listed.find("Exif.GPSInfo.GPSLatitude") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(listed, listed.find("Iptc.Application2.Caption") != std::string::npos);

        stripPhotoMetadata(path);

        MetadataCount after = countPhotoMetadata(path);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), after.exif);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), after.xmp);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), after.iptc);

        // The tool agrees: one line, the orientation, still "rotate 90".
        listed = exiv2Tool("-pa", path);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(listed, std::size_t(1),
                                     std::size_t(std::count(listed.begin(), listed.end(), '\n')));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(listed, std::size_t(0), listed.find("Exif.Image.Orientation"));
        CPPUNIT_ASSERT_MESSAGE(listed, listed.find("right, top") != std::string::npos);
        CPPUNIT_ASSERT(exiv2Tool("-pc", path).find("Patient") == std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::string(), exiv2Tool("-pX", path));

        CPPUNIT_ASSERT_EQUAL(std::string("jpeg"), inspectFile(path, InspectionLimits()).format);
        CPPUNIT_ASSERT(readBytes(path).find("Patient 4711") == std::string::npos);
        CPPUNIT_ASSERT(readBytes(path).find("Canon") == std::string::npos);
    }

    void testStripWithoutOrientationLeavesNoExif()
    {
        std::string path = photo("side.jpg");
        addMetadata(path, false);
        stripPhotoMetadata(path);
        MetadataCount after = countPhotoMetadata(path);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), after.exif + after.xmp + after.iptc);
        CPPUNIT_ASSERT_EQUAL(std::string(), exiv2Tool("-pa", path));
        CPPUNIT_ASSERT_EQUAL(std::string("jpeg"), inspectFile(path, InspectionLimits()).format);
    }

    void testStripOnManyThreads()
    {
        std::vector<std::string> paths;
        for (int i = 0; i < 8; ++i) {
            paths.push_back(photo("photo" + std::to_string(i) + ".jpg"));
            addMetadata(paths.back());
        }
        std::atomic<int> failures{0};
        std::vector<std::thread> threads;
        for (const std::string& path : paths) {
            threads.emplace_back([&failures, path] {
                try {
                    for (int round = 0; round < 5; ++round) {
                        stripPhotoMetadata(path);
                        if (countPhotoMetadata(path).xmp != 0)
                            ++failures;
                    }
                } catch (const std::exception&) {
                    ++failures;
                }
            });
        }
        for (std::thread& thread : threads)
            thread.join();
        CPPUNIT_ASSERT_EQUAL(0, failures.load());
    }

    void testFileThatIsNoImageThrows()
    {
        std::string path = _dir->file("notes.jpg");
        writeBytes(path, "not a photo\n");
        CPPUNIT_ASSERT_THROW(stripPhotoMetadata(path), std::runtime_error);
        CPPUNIT_ASSERT_THROW(countPhotoMetadata(path), std::runtime_error);
        CPPUNIT_ASSERT_THROW(stripPhotoMetadata(_dir->file("missing.jpg")), std::runtime_error);
    }

private:
    std::string photo(const std::string& name)
    {
        std::string path = _dir->file(name);
        writeBytes(path, jpeg());
        return path;
    }

    std::unique_ptr<TempDir> _dir;
};

CPPUNIT_TEST_SUITE_REGISTRATION(PhotoMetadataTest);
