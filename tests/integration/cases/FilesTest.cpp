// Uploads over HTTP: streamed to the store, recognised by content, refused with a
// reason and without leftovers, photos stripped of their metadata, downloads only
// for those who may see the case.
#include "CasesPortal.h"

#include "FileFixtures.h"
#include "PhotoFixtures.h"
#include "files/FileInspector.h"
#include "files/PngChunks.h"

#include <exiv2/exiv2.hpp>

#include <filesystem>
#include <fstream>
#include <memory>

using namespace molar::test;
using namespace molar::cases;
using molar::cases::fixtures::gradientJpeg;
using molar::cases::fixtures::gradientPng;
using molar::cases::fixtures::jpeg;
using molar::cases::fixtures::jpegWithMetadata;
using molar::cases::fixtures::pngWithMetadata;
using molar::cases::fixtures::readBytes;
using molar::cases::fixtures::writeBytes;
using molar::cases::fixtures::zipEntries;
using molar::cases::fixtures::ZipWriter;

class FilesTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(FilesTest);
    CPPUNIT_TEST(scanUploadIsStoredAndListed);
    CPPUNIT_TEST(fileIsJudgedByContentNotByName);
    CPPUNIT_TEST(oversizedUploadIsRefusedAndLeavesNothing);
    CPPUNIT_TEST(scanInThePhotoSlotIsRefused);
    CPPUNIT_TEST(downloadIsForThoseWhoSeeTheCase);
    CPPUNIT_TEST(filesCanBeAddedAfterSubmission);
    CPPUNIT_TEST(photoLosesItsMetadataAtUpload);
    CPPUNIT_TEST(deletingADraftRemovesItsFiles);
    CPPUNIT_TEST(damagedPhotosAreRefusedByName);
    CPPUNIT_TEST(pngLosesItsMetadataAtUpload);
    CPPUNIT_TEST(photosInAZipLoseTheirMetadataAtUpload);
    CPPUNIT_TEST(oneRequestCarriesAtMostItsCap);
    CPPUNIT_TEST(oneRefusedFileStoresNoneOfTheRequest);
    CPPUNIT_TEST(caseHoldsAtMostItsCap);
    CPPUNIT_TEST_SUITE_END();

    static std::size_t rows(CasesPortal& cases, std::int64_t id)
    {
        return cases.db().query("SELECT id FROM cases_files WHERE case_id = ?", {id}).size();
    }

    static std::vector<FormPart> stls(int count, const std::string& slot = "scan")
    {
        std::vector<FormPart> parts{{"slot", "", slot}};
        for (int i = 0; i < count; ++i)
            parts.push_back({"file", "scan" + std::to_string(i) + ".stl", binaryStl(3 + i)});
        return parts;
    }

    static std::size_t storedFiles(const std::string& root)
    {
        std::size_t n = 0;
        if (!std::filesystem::exists(root))
            return 0;
        for (const auto& entry : std::filesystem::recursive_directory_iterator(root))
            n += entry.is_regular_file() ? 1 : 0;
        return n;
    }

public:
    void scanUploadIsStoredAndListed()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        const std::int64_t id = cases.completeCrownDraft(*dentist, "P-200");
        const std::string base = "/cases/" + std::to_string(id);
        const Answer upload = dentist->postFile(base + "/files?return=wizard", {{"slot", "upper_scan"}},
                                                "file", "upper.stl", binaryStl(1000));
        CasesPortal::expectRedirect(upload, base + "/edit/files#files");
        auto row =
            cases.db().query("SELECT format, kind, size, slot FROM cases_files WHERE case_id = ?", {id});
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), row.size());
        CPPUNIT_ASSERT_EQUAL(std::string("stl"), row.get(0, "format").toString());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(84 + 50 * 1000), row.get(0, "size").asInt());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), storedFiles(cases.files.path()));
        MOLAR_ASSERT_CONTAINS("upper.stl", dentist->get(base + "/edit/files").body);
    }

    void fileIsJudgedByContentNotByName()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        const std::int64_t id = cases.completeCrownDraft(*dentist, "P-201");
        const std::string base = "/cases/" + std::to_string(id);
        const Answer refused = dentist->postFile(base + "/files", {{"slot", "scan"}}, "file", "scan.stl",
                                                 "this is not a scan at all", "application/json");
        CPPUNIT_ASSERT_EQUAL(415, refused.status);
        MOLAR_ASSERT_CONTAINS("\"error\"", refused.body);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), storedFiles(cases.files.path()));
        // A PDF named .stl is a document, accepted as one.
        const Answer pdf = dentist->postFile(base + "/files", {{"slot", "document"}}, "file", "scan.stl",
                                             "%PDF-1.4\n%%EOF\n");
        CPPUNIT_ASSERT_EQUAL(303, pdf.status);
        auto row = cases.db().query("SELECT format FROM cases_files WHERE case_id = ?", {id});
        CPPUNIT_ASSERT_EQUAL(std::string("pdf"), row.get(0, "format").toString());
    }

    void oversizedUploadIsRefusedAndLeavesNothing()
    {
        CasesPortal cases(DemoPortal::Settings{{"cases.files.maxMegabytes", "1"}});
        auto dentist = cases.pearlDentist();
        const std::int64_t id = cases.completeCrownDraft(*dentist, "P-202");
        const Answer refused =
            dentist->postFile("/cases/" + std::to_string(id) + "/files", {{"slot", "scan"}}, "file",
                              "big.stl", binaryStl(30000), "application/json");
        CPPUNIT_ASSERT_EQUAL(413, refused.status);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), storedFiles(cases.files.path()));
        auto rows = cases.db().query("SELECT id FROM cases_files WHERE case_id = ?", {id});
        CPPUNIT_ASSERT(rows.empty());
    }

    void scanInThePhotoSlotIsRefused()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        const std::int64_t id = cases.completeCrownDraft(*dentist, "P-203");
        const std::string base = "/cases/" + std::to_string(id);
        const Answer refused = dentist->postFile(base + "/files?return=wizard", {{"slot", "photo"}}, "file",
                                                 "x.stl", binaryStl(10));
        CasesPortal::expectRedirect(refused,
                                    base + "/edit/files?uploadError=cases.file.error.wrongSlot#files");
        MOLAR_ASSERT_CONTAINS("does not belong there",
                              dentist->get(base + "/edit/files?uploadError=cases.file.error.wrongSlot").body);
    }

    void downloadIsForThoseWhoSeeTheCase()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        const std::int64_t id = cases.completeCrownDraft(*dentist, "P-204");
        const std::string base = "/cases/" + std::to_string(id);
        const std::string stl = binaryStl(7);
        dentist->postFile(base + "/files", {{"slot", "scan"}}, "file", "lower.stl", stl);
        auto row = cases.db().query("SELECT id FROM cases_files WHERE case_id = ?", {id});
        const std::string href = base + "/files/" + std::to_string(row.get(0, "id").asInt());
        const Answer own = dentist->get(href);
        CPPUNIT_ASSERT_EQUAL(200, own.status);
        CPPUNIT_ASSERT(own.body == stl);
        MOLAR_ASSERT_CONTAINS("attachment", own.header("Content-Disposition"));
        CPPUNIT_ASSERT_EQUAL(404, cases.smileDentist()->get(href).status);
        CPPUNIT_ASSERT_EQUAL(404, dentist->get(base + "/files/999999").status);
    }

    void filesCanBeAddedAfterSubmission()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        auto admin = cases.labAdmin();
        const std::int64_t id = cases.completeCrownDraft(*dentist, "P-205");
        cases.submit(*dentist, id);
        const std::string base = "/cases/" + std::to_string(id);
        CPPUNIT_ASSERT_EQUAL(
            303, dentist->postFile(base + "/files", {{"slot", "bite_scan"}}, "file", "bite.stl", binaryStl(3))
                     .status);
        const Answer page = admin->get(base);
        MOLAR_ASSERT_CONTAINS("bite.stl", page.body);
        MOLAR_ASSERT_CONTAINS("File added", page.body);
    }

    void deletingADraftRemovesItsFiles()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        const std::int64_t id = cases.completeCrownDraft(*dentist, "P-207");
        const std::string base = "/cases/" + std::to_string(id);
        dentist->postFile(base + "/files", {{"slot", "scan"}}, "file", "a.stl", binaryStl(5));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), storedFiles(cases.files.path()));
        CPPUNIT_ASSERT_EQUAL(303, dentist->post(base + "/delete", {}).status);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), storedFiles(cases.files.path()));
    }

    void photoLosesItsMetadataAtUpload()
    {
        CasesPortal cases;
        TempDir scratch;
        const std::string original = scratch.file("photo.jpg");
        writeBytes(original, jpeg());
        {
            // exiv2 0.27 hands over a std::auto_ptr; held as a unique_ptr.
            std::unique_ptr<Exiv2::Image> image(Exiv2::ImageFactory::open(original).release());
            image->readMetadata();
            image->exifData()["Exif.GPSInfo.GPSLatitudeRef"] = "N";
            image->exifData()["Exif.Image.Make"] = "PhoneMaker";
            image->exifData()["Exif.Photo.DateTimeOriginal"] = "2026:05:11 10:00:00";
            image->xmpData()["Xmp.dc.creator"] = "Dr Someone";
            image->iptcData()["Iptc.Application2.City"] = "Doha";
            image->writeMetadata();
        }
        CPPUNIT_ASSERT(countPhotoMetadata(original).exif >= 3);
        auto dentist = cases.pearlDentist();
        const std::int64_t id = cases.completeCrownDraft(*dentist, "P-206");
        const std::string base = "/cases/" + std::to_string(id);
        CPPUNIT_ASSERT_EQUAL(
            303,
            dentist->postFile(base + "/files", {{"slot", "photo"}}, "file", "smile.jpg", readBytes(original))
                .status);
        auto row = cases.db().query("SELECT id FROM cases_files WHERE case_id = ?", {id});
        const Answer download = dentist->get(base + "/files/" + std::to_string(row.get(0, "id").asInt()));
        CPPUNIT_ASSERT_EQUAL(200, download.status);
        CPPUNIT_ASSERT_EQUAL(std::string("image/jpeg"), download.header("Content-Type"));
        const std::string stored = scratch.file("stored.jpg");
        writeBytes(stored, download.body);
        const auto left = countPhotoMetadata(stored);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), left.exif);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), left.xmp);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), left.iptc);
        MOLAR_ASSERT_NOT_CONTAINS("PhoneMaker", download.body);
    }

    void damagedPhotosAreRefusedByName()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        const std::int64_t id = cases.completeCrownDraft(*dentist, "P-208");
        const std::string path = "/cases/" + std::to_string(id) + "/files";
        const std::string whole = gradientJpeg(256, 256);
        std::string garbage = "\xFF\xD8\xFF";
        garbage.append(4000, '\x5A');
        for (const auto& [name, bytes] : std::vector<std::pair<std::string, std::string>>{
                 {"cut.jpg", whole.substr(0, whole.size() / 2)},
                 {"garbage.jpg", garbage},
                 {"eight.png", std::string("\x89PNG\r\n\x1A\n", 8)}}) {
            const Answer refused =
                dentist->postFile(path, {{"slot", "photo"}}, "file", name, bytes, "application/json");
            CPPUNIT_ASSERT_EQUAL_MESSAGE(name + ": " + refused.body, 415, refused.status);
            MOLAR_ASSERT_CONTAINS(name + ": This photo is damaged or incomplete", refused.body);
        }
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), rows(cases, id));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), storedFiles(cases.files.path()));
    }

    void pngLosesItsMetadataAtUpload()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        const std::int64_t id = cases.completeCrownDraft(*dentist, "P-209");
        const std::string base = "/cases/" + std::to_string(id);
        CPPUNIT_ASSERT_EQUAL(303, dentist
                                      ->postFile(base + "/files", {{"slot", "photo"}}, "file", "smile.png",
                                                 pngWithMetadata(true))
                                      .status);
        auto row = cases.db().query("SELECT id, format FROM cases_files WHERE case_id = ?", {id});
        CPPUNIT_ASSERT_EQUAL(std::string("png"), row.get(0, "format").toString());
        const Answer download = dentist->get(base + "/files/" + std::to_string(row.get(0, "id").asInt()));
        CPPUNIT_ASSERT_EQUAL(std::string("image/png"), download.header("Content-Type"));
        for (const char* secret : {"Smith", "Patient", "Berlin", "Canon"})
            MOLAR_ASSERT_NOT_CONTAINS(secret, download.body);
        TempDir scratch;
        const std::string stored = scratch.file("stored.png");
        writeBytes(stored, download.body);
        CPPUNIT_ASSERT((std::vector<std::string>{"IHDR", "eXIf", "pHYs", "IDAT", "IEND"}) ==
                       pngChunkTypes(stored));
        CPPUNIT_ASSERT_EQUAL(std::string("png"), inspectFile(stored, InspectionLimits()).format);
    }

    void photosInAZipLoseTheirMetadataAtUpload()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        const std::int64_t id = cases.completeCrownDraft(*dentist, "P-210");
        const std::string base = "/cases/" + std::to_string(id);
        TempDir scratch;
        const std::string zip = scratch.file("case.zip");
        {
            ZipWriter writer(zip);
            // Stored, not deflated: the names in the photos show in the archive's bytes.
            writer.store(writer.add("upper.stl", binaryStl(4)));
            writer.store(writer.add("texture.png", pngWithMetadata(true)));
            writer.store(writer.add("front.jpg", jpegWithMetadata()));
            writer.close();
        }
        MOLAR_ASSERT_CONTAINS("Smith", readBytes(zip));
        CPPUNIT_ASSERT_EQUAL(
            303, dentist->postFile(base + "/files", {{"slot", "scan"}}, "file", "case.zip", readBytes(zip))
                     .status);
        auto row = cases.db().query("SELECT id FROM cases_files WHERE case_id = ?", {id});
        const Answer download = dentist->get(base + "/files/" + std::to_string(row.get(0, "id").asInt()));
        CPPUNIT_ASSERT_EQUAL(200, download.status);
        const std::string stored = scratch.file("stored.zip");
        writeBytes(stored, download.body);
        const auto inside = zipEntries(stored);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), inside.size());
        for (const auto& [name, bytes] : inside)
            for (const char* secret : {"Smith", "Patient", "Berlin", "Canon"})
                MOLAR_ASSERT_NOT_CONTAINS(secret, bytes);
        CPPUNIT_ASSERT_EQUAL(std::string("zip"), inspectFile(stored, InspectionLimits()).format);
    }

    void oneRequestCarriesAtMostItsCap()
    {
        CasesPortal cases(DemoPortal::Settings{{"cases.files.maxPerRequest", "3"}});
        auto dentist = cases.pearlDentist();
        const std::int64_t id = cases.completeCrownDraft(*dentist, "P-211");
        const std::string path = "/cases/" + std::to_string(id) + "/files";
        const Answer refused = postParts(*dentist, path, stls(4), "application/json");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(refused.body, 413, refused.status);
        MOLAR_ASSERT_CONTAINS("At most 3 files can be sent at once", refused.body);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), rows(cases, id));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), storedFiles(cases.files.path()));

        const Answer stored = postParts(*dentist, path, stls(3), "application/json");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(stored.body, 200, stored.status);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), rows(cases, id));
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), storedFiles(cases.files.path()));
    }

    void oneRefusedFileStoresNoneOfTheRequest()
    {
        CasesPortal cases;
        auto dentist = cases.pearlDentist();
        const std::int64_t id = cases.completeCrownDraft(*dentist, "P-212");
        std::vector<FormPart> parts = stls(2);
        parts.push_back({"file", "notes.stl", "not a scan"});
        const Answer refused =
            postParts(*dentist, "/cases/" + std::to_string(id) + "/files", parts, "application/json");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(refused.body, 415, refused.status);
        MOLAR_ASSERT_CONTAINS("notes.stl: ", refused.body);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), rows(cases, id));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), storedFiles(cases.files.path()));
    }

    void caseHoldsAtMostItsCap()
    {
        CasesPortal cases(DemoPortal::Settings{{"cases.files.maxPerCase", "2"}});
        auto dentist = cases.pearlDentist();
        const std::int64_t id = cases.completeCrownDraft(*dentist, "P-213");
        const std::string path = "/cases/" + std::to_string(id) + "/files";
        const Answer tooMany = postParts(*dentist, path, stls(3), "application/json");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(tooMany.body, 409, tooMany.status);
        MOLAR_ASSERT_CONTAINS("A case can hold at most 2 files", tooMany.body);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), rows(cases, id));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), storedFiles(cases.files.path()));

        CPPUNIT_ASSERT_EQUAL(200, postParts(*dentist, path, stls(2), "application/json").status);
        const Answer full = postParts(*dentist, path, stls(1), "application/json");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(full.body, 409, full.status);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), rows(cases, id));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), storedFiles(cases.files.path()));
        // The form without script lands on the page with the message.
        const Answer page = postParts(*dentist, path + "?return=wizard", stls(1));
        CasesPortal::expectRedirect(page, "/cases/" + std::to_string(id) +
                                              "/edit/files?uploadError=cases.file.error.tooManyInCase#files");
        MOLAR_ASSERT_CONTAINS("at most 2 files",
                              dentist
                                  ->get("/cases/" + std::to_string(id) +
                                        "/edit/files?uploadError=cases.file.error.tooManyInCase")
                                  .body);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(FilesTest);
