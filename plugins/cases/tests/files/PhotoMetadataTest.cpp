// stripPhotoMetadata: camera, place and time leave the photo, the orientation
// stays, and the file is still a JPEG; checked through exiv2's API and its tool.
#include "FileFixtures.h"
#include "PhotoFixtures.h"
#include "TestDatabase.h"
#include "files/FileInspector.h"
#include "files/PngChunks.h"

#include <exiv2/exiv2.hpp>

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

using molar::cases::countPhotoMetadata;
using molar::cases::inspectFile;
using molar::cases::InspectionLimits;
using molar::cases::MetadataCount;
using molar::cases::pngChunkTypes;
using molar::cases::stripPhotoMetadata;
using molar::test::TempDir;
using namespace molar::cases::fixtures;

namespace {

// What a phone leaves in a photo of a patient.
void addMetadata(const std::string& path, bool orientation = true)
{
    std::unique_ptr<Exiv2::Image> image(Exiv2::ImageFactory::open(path).release());
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

// A JPEG segment: marker, big-endian length, data.
std::string segment(char marker, const std::string& data)
{
    const std::size_t length = data.size() + 2;
    return std::string{'\xFF', marker, static_cast<char>(length >> 8), static_cast<char>(length & 0xFF)} +
           data;
}

// `exif` as the TIFF structure an EXIF segment holds.
std::string tiff(const Exiv2::ExifData& exif)
{
    Exiv2::Blob blob;
    Exiv2::ExifParser::encode(blob, Exiv2::littleEndian, exif);
    return std::string(blob.begin(), blob.end());
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
    CPPUNIT_TEST(testJpegLosesWhatFollowsTheImage);
    CPPUNIT_TEST(testJpegLosesIptcOfEveryPhotoshopSegment);
    CPPUNIT_TEST(testJpegLosesSegmentsBetweenScans);
    CPPUNIT_TEST(testJpegLosesEveryExifSegment);
    CPPUNIT_TEST(testJpegKeepsWhatTheDecoderNeedsOnly);
    CPPUNIT_TEST(testJpegLosesSegmentsAfterAStuffedPair);
    CPPUNIT_TEST(testJpegWithASegmentWithoutLengthIsRefused);
    CPPUNIT_TEST(testPngLosesTextExifAndPrivateChunks);
    CPPUNIT_TEST(testPngWithoutOrientationKeepsNoExif);
    CPPUNIT_TEST(testPngMetadataWrittenByExiv2IsStripped);
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

    void testJpegLosesWhatFollowsTheImage()
    {
        // A motion photo's video, or a phone's trailer, after the image's EOI.
        const std::string image = jpegWithMetadata();
        const std::string path = _dir->file("motion.jpg");
        writeBytes(path, image + "ftypmp42 Patient 4711 video");
        CPPUNIT_ASSERT_EQUAL(std::string("jpeg"), inspectFile(path, InspectionLimits()).format);

        stripPhotoMetadata(path);

        const std::string bytes = readBytes(path);
        CPPUNIT_ASSERT(bytes.find("Patient") == std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::string("\xFF\xD9"), bytes.substr(bytes.size() - 2));
        CPPUNIT_ASSERT_EQUAL(std::string("jpeg"), inspectFile(path, InspectionLimits()).format);
        // The image itself is untouched: the same scan data as before stripping.
        const std::string scan = image.substr(image.rfind("\xFF\xDA"));
        CPPUNIT_ASSERT(bytes.size() >= scan.size());
        CPPUNIT_ASSERT(bytes.substr(bytes.size() - scan.size()) == scan);
    }

    // Found by the photo-metadata fuzzer: exiv2 cleared the IPTC of one Photoshop APP13
    // segment, so a photo with two (Photoshop splits large resource blocks) kept the
    // other's caption and city.
    void testJpegLosesIptcOfEveryPhotoshopSegment()
    {
        using namespace std::string_literals;
        // One IPTC record (2:120 caption) in a Photoshop 3.0 image resource block.
        const std::string caption = "Patient 4711, upper jaw";
        std::string record =
            "\x1c\x02\x78"s + bigEndian32(static_cast<std::uint32_t>(caption.size())).substr(2) + caption;
        if (record.size() % 2)
            record += '\0';
        const std::string resources = "Photoshop 3.0\0"
                                      "8BIM\x04\x04\0\0"s +
                                      bigEndian32(static_cast<std::uint32_t>(record.size())) + record;
        const std::string segment =
            "\xFF\xED"s + bigEndian32(static_cast<std::uint32_t>(resources.size() + 2)).substr(2) + resources;
        const std::string plain = jpeg();
        const std::string path = _dir->file("two-app13.jpg");
        writeBytes(path, plain.substr(0, 20) + segment + segment + plain.substr(20));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), countPhotoMetadata(path).iptc);

        stripPhotoMetadata(path);

        CPPUNIT_ASSERT_EQUAL(std::size_t(0), countPhotoMetadata(path).iptc);
        const std::string bytes = readBytes(path);
        CPPUNIT_ASSERT(bytes.find("Patient") == std::string::npos);
        CPPUNIT_ASSERT(bytes.find("Photoshop") == std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::string("jpeg"), inspectFile(path, InspectionLimits()).format);
    }

    // A progressive JPEG may carry comments and application segments between its scans,
    // where a walk of the header alone never looked.
    void testJpegLosesSegmentsBetweenScans()
    {
        const std::string plain = gradientJpeg(64, 48, true);
        const std::size_t firstScan = plain.find("\xFF\xDA");
        const std::size_t secondScan = plain.find("\xFF\xDA", firstScan + 2);
        CPPUNIT_ASSERT(secondScan != std::string::npos);
        const std::string between = segment('\xFE', "Patient 4711") +
                                    segment('\xEC', "Ducky Patient 4711 notes") +
                                    segment('\xE1', "http://ns.adobe.com/xap/1.0/\0Patient 4711");
        const std::string path = _dir->file("progressive.jpg");
        writeBytes(path, plain.substr(0, secondScan) + between + plain.substr(secondScan));

        stripPhotoMetadata(path);

        const std::string bytes = readBytes(path);
        CPPUNIT_ASSERT(bytes.find("Patient") == std::string::npos);
        CPPUNIT_ASSERT(bytes.find("Ducky") == std::string::npos);
        // The scans are the image's own again, byte for byte, and it still decodes.
        CPPUNIT_ASSERT(bytes.substr(bytes.find("\xFF\xDA")) == plain.substr(firstScan));
        CPPUNIT_ASSERT_EQUAL(std::string("jpeg"), inspectFile(path, InspectionLimits()).format);
    }

    // Found by the photo-metadata fuzzer: exiv2 rewrites the first EXIF segment only, so
    // a second one kept its camera and place; and segments after stray bytes between
    // segments (which decoders skip) were not looked at.
    void testJpegLosesEveryExifSegment()
    {
        using namespace std::string_literals;
        Exiv2::ExifData first;
        first["Exif.Image.Orientation"] = std::uint16_t(6);
        first["Exif.Image.Model"] = "EOS 5D";
        Exiv2::ExifData second;
        second["Exif.Image.Make"] = "Patient 4711";
        second["Exif.GPSInfo.GPSLatitudeRef"] = "N";
        second["Exif.GPSInfo.GPSLatitude"] = "52/1 31/1 1234/100";
        const std::string plain = gradientJpeg(32, 32);
        const std::string added = segment('\xE1', "Exif\0\0"s + tiff(first)) + "stray bytes" +
                                  segment('\xE1', "Exif\0\0"s + tiff(second)) + "\x20\x20" +
                                  segment('\xFE', "Patient 4711");
        const std::string path = _dir->file("two-exif.jpg");
        writeBytes(path, plain.substr(0, 2) + added + plain.substr(2));
        CPPUNIT_ASSERT(exiv2Tool("-pa", path).find("Exif.Image.Model") != std::string::npos);

        stripPhotoMetadata(path);

        const std::string bytes = readBytes(path);
        CPPUNIT_ASSERT(bytes.find("Patient") == std::string::npos);
        CPPUNIT_ASSERT(bytes.find("EOS 5D") == std::string::npos);
        CPPUNIT_ASSERT(bytes.find("stray") == std::string::npos);
        const std::string tags = exiv2Tool("-pa", path);
        CPPUNIT_ASSERT_MESSAGE(tags, tags.find("Exif.Image.Orientation") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(tags, std::size_t(1), countPhotoMetadata(path).exif);
        CPPUNIT_ASSERT_EQUAL(std::string("jpeg"), inspectFile(path, InspectionLimits()).format);
    }

    void testJpegKeepsWhatTheDecoderNeedsOnly()
    {
        using namespace std::string_literals;
        const std::string plain = gradientJpeg(32, 32);
        // After SOI: a JFIF APP0 with a 1x1 thumbnail, then what a phone or an editor adds.
        const std::string jfif = "JFIF\0\x01\x02\0\0\x01\0\x01\x01\x01"s + "\x10\x20\x30"s;
        // A profile's header: its size first (exiv2 checks it), the signature at 36.
        std::string profile = bigEndian32(128) + std::string(32, '\0') + "acsp";
        profile.resize(128, '\0');
        const std::string icc = "ICC_PROFILE\0\x01\x01"s + profile;
        const std::string adobe = "Adobe\0\x64\0\0\0\0\x01"s;
        const std::string added = segment('\xE0', jfif) + segment('\xE0', "JFXX\0\x10 thumbnail"s) +
                                  segment('\xE2', icc) + segment('\xE2', "MPF\0 Patient index"s) +
                                  segment('\xE3', "Meta Patient"s) + segment('\xEE', adobe);
        const std::size_t afterStart = 2;
        std::string header = plain.substr(0, afterStart);
        std::string rest = plain.substr(afterStart);
        if (rest.compare(0, 2, "\xFF\xE0") == 0) // the encoder's own JFIF goes, ours replaces it
            rest = rest.substr(2 + (std::size_t(std::uint8_t(rest[2])) << 8 | std::uint8_t(rest[3])));
        const std::string path = _dir->file("segments.jpg");
        writeBytes(path, header + added + rest);

        stripPhotoMetadata(path);

        const std::string bytes = readBytes(path);
        CPPUNIT_ASSERT(bytes.find("Patient") == std::string::npos);
        CPPUNIT_ASSERT(bytes.find("JFXX") == std::string::npos);
        CPPUNIT_ASSERT(bytes.find("\x10\x20\x30") == std::string::npos);
        CPPUNIT_ASSERT(bytes.find(segment('\xE0', jfif.substr(0, 12) + "\0\0"s)) != std::string::npos);
        CPPUNIT_ASSERT(bytes.find(segment('\xE2', icc)) != std::string::npos);
        CPPUNIT_ASSERT(bytes.find(segment('\xEE', adobe)) != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::string("jpeg"), inspectFile(path, InspectionLimits()).format);
    }

    // Found by the photo-metadata fuzzer: 0xFF00 between segments ended the walk and the
    // rest was copied as it was, while decoders skip the pair and read on, comments and
    // Photoshop's IPTC included.
    void testJpegLosesSegmentsAfterAStuffedPair()
    {
        const std::string plain = gradientJpeg(32, 32);
        const std::string added = std::string("  \xFF\x00\x00 ", 5) + segment('\xFE', "Patient 4711") +
                                  segment('\xED', "Photoshop 3.0 Patient 4711");
        // After the encoder's JFIF APP0, as the fuzzer's input had them.
        CPPUNIT_ASSERT(plain.compare(2, 2, "\xFF\xE0") == 0);
        const std::size_t afterJfif = 4 + (std::size_t(std::uint8_t(plain[4])) << 8 | std::uint8_t(plain[5]));
        const std::string path = _dir->file("stuffed.jpg");
        writeBytes(path, plain.substr(0, afterJfif) + added + plain.substr(afterJfif));
        CPPUNIT_ASSERT_EQUAL(std::string("jpeg"), inspectFile(path, InspectionLimits()).format);

        stripPhotoMetadata(path);

        const std::string bytes = readBytes(path);
        CPPUNIT_ASSERT(bytes.find("Patient") == std::string::npos);
        CPPUNIT_ASSERT(bytes == plain);
    }

    // A segment the walk cannot follow refuses the photo (intake answers badImage) and
    // leaves the file as it was, rather than passing the rest on unread.
    void testJpegWithASegmentWithoutLengthIsRefused()
    {
        const std::string plain = gradientJpeg(32, 32);
        const std::string path = _dir->file("no-length.jpg");
        const std::string broken = plain.substr(0, 2) + std::string("\xFF\xE3\x00\x01", 4) +
                                   segment('\xFE', "Patient 4711") + plain.substr(2);
        writeBytes(path, broken);

        CPPUNIT_ASSERT_THROW(stripPhotoMetadata(path), std::runtime_error);
        CPPUNIT_ASSERT(readBytes(path) == broken);
    }

    void testPngLosesTextExifAndPrivateChunks()
    {
        const std::string path = _dir->file("smile.png");
        writeBytes(path, pngWithMetadata(true));
        CPPUNIT_ASSERT(countPhotoMetadata(path).xmp >= 1); // exiv2 sees the XMP before

        stripPhotoMetadata(path);

        const std::string bytes = readBytes(path);
        CPPUNIT_ASSERT((std::vector<std::string>{"IHDR", "eXIf", "pHYs", "IDAT", "IEND"}) ==
                       pngChunkTypes(path));
        for (const char* secret : {"Smith", "Patient", "Berlin", "Canon", "2024:05:01"})
            CPPUNIT_ASSERT_MESSAGE(secret, bytes.find(secret) == std::string::npos);
        // The eXIf chunk left holds the orientation alone.
        for (const auto& [type, data] : pngChunks(bytes)) {
            if (type != "eXIf")
                continue;
            Exiv2::ExifData exif;
            Exiv2::ExifParser::decode(exif, reinterpret_cast<const Exiv2::byte*>(data.data()),
                                      static_cast<std::uint32_t>(data.size()));
            CPPUNIT_ASSERT_EQUAL(1L, exif.count());
            CPPUNIT_ASSERT_EQUAL(std::string("Exif.Image.Orientation"), exif.begin()->key());
            CPPUNIT_ASSERT_EQUAL(6L, exif.begin()->toLong());
        }
        // Still a PNG that decodes whole, with its pixels untouched.
        CPPUNIT_ASSERT_EQUAL(std::string("png"), inspectFile(path, InspectionLimits()).format);
        const std::string original = gradientPng(32, 24);
        CPPUNIT_ASSERT(pngChunks(original)[1].second == pngChunks(bytes)[3].second);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), countPhotoMetadata(path).xmp);
        CPPUNIT_ASSERT_EQUAL(std::string(), exiv2Tool("-pX", path));
    }

    void testPngWithoutOrientationKeepsNoExif()
    {
        const std::string path = _dir->file("side.png");
        writeBytes(path, pngWithMetadata(false));
        stripPhotoMetadata(path);
        CPPUNIT_ASSERT((std::vector<std::string>{"IHDR", "pHYs", "IDAT", "IEND"}) == pngChunkTypes(path));
        CPPUNIT_ASSERT_EQUAL(std::string("png"), inspectFile(path, InspectionLimits()).format);
    }

    void testPngMetadataWrittenByExiv2IsStripped()
    {
        const std::string path = _dir->file("edited.png");
        writeBytes(path, gradientPng(16, 16));
        addMetadata(path);
        MetadataCount before = countPhotoMetadata(path);
        CPPUNIT_ASSERT(before.exif >= 8);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), before.xmp);
        std::string listed = exiv2Tool("-pa", path);
        CPPUNIT_ASSERT_MESSAGE(listed, listed.find("Exif.GPSInfo.GPSLatitude") != std::string::npos);

        stripPhotoMetadata(path);

        MetadataCount after = countPhotoMetadata(path);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), after.exif + after.xmp + after.iptc);
        CPPUNIT_ASSERT_EQUAL(std::string(), exiv2Tool("-pa", path));
        for (const char* secret : {"Smith", "Patient", "Berlin", "Canon"})
            CPPUNIT_ASSERT_MESSAGE(secret, readBytes(path).find(secret) == std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::string("png"), inspectFile(path, InspectionLimits()).format);
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
