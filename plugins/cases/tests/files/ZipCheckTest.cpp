// Archives: accepted when every entry is a scan, photo or PDF by content; refused
// for unsafe names, links, encryption, foreign or nested entries, too many entries,
// too many bytes once actually decompressed, and corruption.
#include "FileFixtures.h"
#include "TestDatabase.h"
#include "files/FileInspector.h"
#include "files/ZipDirectory.h"

#include <cppunit/extensions/HelperMacros.h>

#include <filesystem>
#include <functional>

using molar::cases::FileType;
using molar::cases::inspectFile;
using molar::cases::InspectionLimits;
using molar::test::TempDir;
using namespace molar::cases::fixtures;

class ZipCheckTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ZipCheckTest);
    CPPUNIT_TEST(testArchiveOfScansPhotosAndDocumentsIsAccepted);
    CPPUNIT_TEST(testArchiveNamedStlIsStillAnArchive);
    CPPUNIT_TEST(testEntryClimbingOutIsRefused);
    CPPUNIT_TEST(testAbsoluteEntryIsRefused);
    CPPUNIT_TEST(testBackslashAndDriveNamesAreRefused);
    CPPUNIT_TEST(testSymbolicLinkIsRefused);
    CPPUNIT_TEST(testTooManyEntriesAreRefused);
    CPPUNIT_TEST(testZip64EntryCountIsRead);
    CPPUNIT_TEST(testZipBombIsRefusedByDecompressedSize);
    CPPUNIT_TEST(testUnderstatedSizesDoNotHelp);
    CPPUNIT_TEST(testExecutableEntryIsRefused);
    CPPUNIT_TEST(testNestedArchiveAndDicomEntriesAreRefused);
    CPPUNIT_TEST(testBrokenScanInsideIsBadScan);
    CPPUNIT_TEST(testEncryptedEntryIsRefused);
    CPPUNIT_TEST(testArchiveWithoutFilesIsEmpty);
    CPPUNIT_TEST(testCorruptArchivesAreRefused);
    CPPUNIT_TEST(testChecksumMismatchIsCorrupt);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { _dir = std::make_unique<TempDir>(); }
    void tearDown() override { _dir.reset(); }

    void testArchiveOfScansPhotosAndDocumentsIsAccepted()
    {
        std::string path = archive("case.zip", [](ZipWriter& zip) {
            zip.addFolder("scan");
            zip.add("scan/upper.stl", binaryStl(20));
            zip.add("scan/lower.stl", asciiStl(5));
            zip.add("scan/bite.ply", binaryPly());
            zip.add("scan/model.obj", obj());
            zip.add("scan/model.mtl", materialLibrary());
            zip.add("scan/texture.png", png());
            zip.add("photos/front.jpg", jpeg());
            zip.add("referral.pdf", pdf());
            zip.add("__MACOSX/scan/._upper.stl", appleDouble());
        });
        FileType type = inspectFile(path, InspectionLimits());
        CPPUNIT_ASSERT_EQUAL_MESSAGE(type.detail, std::string(), type.problem);
        CPPUNIT_ASSERT_EQUAL(std::string("scan"), type.kind);
        CPPUNIT_ASSERT_EQUAL(std::string("zip"), type.format);
        CPPUNIT_ASSERT_EQUAL(std::string("application/zip"), type.mediaType);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(10), molar::cases::declaredEntryCount(path).value());
    }

    void testArchiveNamedStlIsStillAnArchive()
    {
        std::string path = archive("upper.stl", [](ZipWriter& zip) { zip.add("upper.stl", binaryStl(3)); });
        CPPUNIT_ASSERT_EQUAL(std::string("zip"), inspectFile(path, InspectionLimits()).format);

        path = archive("sneaky.stl", [](ZipWriter& zip) { zip.add("upper.stl", executable()); });
        assertRefused("cases.file.error.zipUnknownEntry", inspectFile(path, InspectionLimits()));
    }

    void testEntryClimbingOutIsRefused()
    {
        for (std::string name : {"../evil.stl", "scan/../../evil.stl", "scan/.."}) {
            FileType type = inspectOne(name, binaryStl(1));
            assertRefused("cases.file.error.zipUnsafePath", type);
            CPPUNIT_ASSERT_EQUAL("entry " + name + " climbs out of the archive with ..", type.detail);
        }
        // Two dots inside a name are only a name.
        CPPUNIT_ASSERT_EQUAL(std::string(), inspectOne("scan/upper..v2.stl", binaryStl(1)).problem);
    }

    void testAbsoluteEntryIsRefused()
    {
        FileType type = inspectOne("/abs.stl", binaryStl(1));
        assertRefused("cases.file.error.zipUnsafePath", type);
        CPPUNIT_ASSERT_EQUAL(std::string("entry /abs.stl is an absolute path"), type.detail);
    }

    void testBackslashAndDriveNamesAreRefused()
    {
        assertRefused("cases.file.error.zipUnsafePath", inspectOne("scan\\..\\..\\evil.stl", binaryStl(1)));
        assertRefused("cases.file.error.zipUnsafePath", inspectOne("C:/Windows/evil.stl", binaryStl(1)));
        FileType type = inspectOne("scan/evil\n.stl", binaryStl(1));
        assertRefused("cases.file.error.zipUnsafePath", type);
        CPPUNIT_ASSERT_EQUAL(std::string("entry scan/evil?.stl has a control character in its name"),
                             type.detail);
    }

    void testSymbolicLinkIsRefused()
    {
        std::string path = archive("link.zip", [](ZipWriter& zip) {
            zip.add("upper.stl", binaryStl(1));
            zip.addSymlink("lower.stl", "/etc/passwd");
        });
        FileType type = inspectFile(path, InspectionLimits());
        assertRefused("cases.file.error.zipUnsafePath", type);
        CPPUNIT_ASSERT_EQUAL(std::string("entry lower.stl is a symbolic link"), type.detail);
    }

    void testTooManyEntriesAreRefused()
    {
        std::string path = archive("many.zip", [](ZipWriter& zip) {
            for (int i = 0; i < 4; ++i)
                zip.add("scan" + std::to_string(i) + ".stl", binaryStl(1));
        });
        InspectionLimits limits;
        limits.maxZipEntries = 3;
        FileType type = inspectFile(path, limits);
        assertRefused("cases.file.error.zipTooManyEntries", type);
        CPPUNIT_ASSERT_EQUAL(std::string("the archive has 4 entries; at most 3 are allowed"), type.detail);
        limits.maxZipEntries = 4;
        CPPUNIT_ASSERT_EQUAL(std::string(), inspectFile(path, limits).problem);

        // A directory claiming more entries is refused before libzip allocates them.
        std::string bytes = readBytes(path);
        std::size_t end = bytes.size() - 22;
        bytes.replace(end + 8, 4, std::string("\x60\xea\x60\xea", 4));
        writeBytes(path, bytes);
        type = inspectFile(path, limits);
        assertRefused("cases.file.error.zipTooManyEntries", type);
        CPPUNIT_ASSERT_EQUAL(std::string("the archive has 60000 entries; at most 4 are allowed"),
                             type.detail);
    }

    void testZip64EntryCountIsRead()
    {
        // Past 65535 entries the count lives in the ZIP64 end record.
        std::string path = archive("zip64.zip", [](ZipWriter& zip) {
            for (int i = 0; i < 70000; ++i)
                zip.add(std::to_string(i), "");
        });
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(70000), molar::cases::declaredEntryCount(path).value());
        FileType type = inspectFile(path, InspectionLimits());
        assertRefused("cases.file.error.zipTooManyEntries", type);
        CPPUNIT_ASSERT_EQUAL(std::string("the archive has 70000 entries; at most 200 are allowed"),
                             type.detail);
    }

    void testZipBombIsRefusedByDecompressedSize()
    {
        // 50 MB of zeros shrink to about 50 KB.
        std::string path = archive("bomb.zip", [](ZipWriter& zip) {
            zip.add("upper.stl", binaryStl(1));
            zip.add("lower.stl", std::string(50 * 1024 * 1024, '\0'));
        });
        CPPUNIT_ASSERT(std::filesystem::file_size(path) < 1024 * 1024);
        InspectionLimits limits;
        limits.maxZipExpandedBytes = 10 * 1024 * 1024;
        FileType type = inspectFile(path, limits);
        assertRefused("cases.file.error.zipTooLarge", type);
        CPPUNIT_ASSERT_EQUAL(std::string("the archive expands past 10485760 bytes (at entry lower.stl)"),
                             type.detail);
    }

    void testUnderstatedSizesDoNotHelp()
    {
        // The archive claims 84 bytes for a 5 MB entry, in both its headers.
        std::string path =
            archive("liar.zip", [](ZipWriter& zip) { zip.add("upper.stl", binaryStl(100000)); });
        std::string bytes = readBytes(path);
        overwrite32(bytes, 22, 84);
        overwrite32(bytes, bytes.find("PK\x01\x02") + 24, 84);
        writeBytes(path, bytes);

        InspectionLimits limits;
        limits.maxZipExpandedBytes = 1024 * 1024;
        assertRefused("cases.file.error.zipTooLarge", inspectFile(path, limits));
        // Within the limits the lie itself is corruption.
        FileType type = inspectFile(path, InspectionLimits());
        assertRefused("cases.file.error.zipCorrupt", type);
        CPPUNIT_ASSERT_EQUAL(std::string("entry upper.stl declares 84 bytes but holds 5000084"), type.detail);
    }

    void testExecutableEntryIsRefused()
    {
        FileType type = inspectOne("upper.stl", executable());
        assertRefused("cases.file.error.zipUnknownEntry", type);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), type.detail.find("entry upper.stl is no scan, photo or PDF"));
        assertRefused("cases.file.error.zipUnknownEntry", inspectOne("notes.txt", "call the clinic\n"));
        assertRefused("cases.file.error.zipUnknownEntry", inspectOne("empty.stl", ""));
    }

    void testNestedArchiveAndDicomEntriesAreRefused()
    {
        std::string inner = archive("inner.zip", [](ZipWriter& zip) { zip.add("upper.stl", binaryStl(1)); });
        FileType type = inspectOne("inner.zip", readBytes(inner));
        assertRefused("cases.file.error.zipUnknownEntry", type);
        CPPUNIT_ASSERT_EQUAL(std::string("entry inner.zip is an archive inside the archive"), type.detail);
        assertRefused("cases.file.error.zipUnknownEntry", inspectOne("xray.dcm", dicom()));
    }

    void testBrokenScanInsideIsBadScan()
    {
        std::string cut = binaryStl(10);
        cut.resize(cut.size() - 50);
        cut += "x";
        FileType type = inspectOne("upper.stl", cut);
        assertRefused("cases.file.error.badScan", type);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0),
                             type.detail.find("entry upper.stl: binary STL declares 10 triangles"));
    }

    void testEncryptedEntryIsRefused()
    {
        std::string path = archive("locked.zip", [](ZipWriter& zip) {
            zip.add("upper.stl", binaryStl(1));
            zip.encrypt(zip.add("lower.stl", binaryStl(1)));
        });
        FileType type = inspectFile(path, InspectionLimits());
        assertRefused("cases.file.error.zipEncrypted", type);
        CPPUNIT_ASSERT_EQUAL(std::string("entry lower.stl is encrypted"), type.detail);
    }

    void testArchiveWithoutFilesIsEmpty()
    {
        // An end of central directory record alone (libzip does not write empty archives).
        std::string path = _dir->file("nothing.zip");
        writeBytes(path, std::string("PK\x05\x06", 4) + std::string(18, '\0'));
        assertRefused("cases.file.error.empty", inspectFile(path, InspectionLimits()));

        path = archive("folders.zip", [](ZipWriter& zip) { zip.addFolder("scan"); });
        assertRefused("cases.file.error.empty", inspectFile(path, InspectionLimits()));
    }

    void testCorruptArchivesAreRefused()
    {
        std::string path = _dir->file("junk.zip");
        writeBytes(path, std::string("PK\x03\x04", 4) + executable(1000));
        assertRefused("cases.file.error.zipCorrupt", inspectFile(path, InspectionLimits()));

        std::string whole =
            readBytes(archive("cut.zip", [](ZipWriter& zip) { zip.add("upper.stl", binaryStl(50)); }));
        path = _dir->file("cut.zip");
        writeBytes(path, whole.substr(0, whole.size() / 2));
        assertRefused("cases.file.error.zipCorrupt", inspectFile(path, InspectionLimits()));
    }

    void testChecksumMismatchIsCorrupt()
    {
        // Stored uncompressed, so only the CRC can notice the changed byte.
        std::string path =
            archive("flipped.zip", [](ZipWriter& zip) { zip.store(zip.add("upper.stl", binaryStl(3))); });
        std::string bytes = readBytes(path);
        std::size_t data = 30 + std::string("upper.stl").size() + 100;
        bytes[data] = static_cast<char>(bytes[data] ^ 0x01);
        writeBytes(path, bytes);
        FileType type = inspectFile(path, InspectionLimits());
        assertRefused("cases.file.error.zipCorrupt", type);
    }

private:
    std::string archive(const std::string& name, const std::function<void(ZipWriter&)>& fill)
    {
        std::string path = _dir->file(name);
        ZipWriter zip(path);
        fill(zip);
        zip.close();
        return path;
    }

    FileType inspectOne(const std::string& entry, const std::string& bytes)
    {
        std::string path = archive("one.zip", [&](ZipWriter& zip) { zip.add(entry, bytes); });
        return inspectFile(path, InspectionLimits());
    }

    static void overwrite32(std::string& bytes, std::size_t at, std::uint32_t value)
    {
        std::string little;
        appendLittleEndian32(little, value);
        bytes.replace(at, 4, little);
    }

    static void assertRefused(const std::string& problem, const FileType& type)
    {
        CPPUNIT_ASSERT_EQUAL_MESSAGE(type.detail, problem, type.problem);
        CPPUNIT_ASSERT_EQUAL(std::string(), type.kind);
    }

    std::unique_ptr<TempDir> _dir;
};

CPPUNIT_TEST_SUITE_REGISTRATION(ZipCheckTest);
