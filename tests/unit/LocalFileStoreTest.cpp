// The host's FileStore: the SDK's conformance checks, then what is particular to
// local folders (where files land, the .tmp/ folder, leftovers of a crash).
#include "files/LocalFileStore.h"

#include "Assertions.h"
#include "PeakMemory.h"
#include "TestDatabase.h"
#include "TestFiles.h"

#include "molar/sdk/testing/FileStoreConformance.h"

#include <cppunit/extensions/HelperMacros.h>

#include <filesystem>

using molar::host::LocalFileStore;
namespace fs = std::filesystem;

namespace {

std::size_t filesIn(const fs::path& folder)
{
    std::size_t count = 0;
    for (const auto& entry : fs::recursive_directory_iterator(folder))
        count += entry.is_regular_file() ? 1 : 0;
    return count;
}

// A store that writes straight to the final file: what the conformance checks exist to catch.
class CarelessStore : public molar::sdk::FileStore
{
public:
    explicit CarelessStore(LocalFileStore& inner) : _inner(inner) {}
    std::unique_ptr<molar::sdk::FileWriter> create(const std::string& key) override
    {
        if (!molar::sdk::isValidFileKey(key))
            throw std::invalid_argument(key);
        const fs::path file = _inner.root() / key;
        fs::create_directories(file.parent_path());
        return std::make_unique<Writer>(file);
    }
    std::unique_ptr<std::istream> open(const std::string& key) override { return _inner.open(key); }
    bool exists(const std::string& key) override { return _inner.exists(key); }
    std::uint64_t size(const std::string& key) override { return _inner.size(key); }
    void remove(const std::string& key) override { _inner.remove(key); }

private:
    class Writer : public molar::sdk::FileWriter
    {
    public:
        explicit Writer(fs::path file) : _file(std::move(file)), _out(_file, std::ios::binary) {}
        std::ostream& stream() override { return _out; }
        void flush() override { _out.flush(); }
        std::string localPath() override { return _file.string(); }
        std::uint64_t commit() override
        {
            _out.close();
            return fs::file_size(_file);
        }

    private:
        fs::path _file;
        std::ofstream _out;
    };
    LocalFileStore& _inner;
};

} // namespace

class LocalFileStoreTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(LocalFileStoreTest);
    CPPUNIT_TEST(passesTheConformanceChecks);
    CPPUNIT_TEST(reportsAStoreThatPublishesBeforeCommit);
    CPPUNIT_TEST(streamsALargeFileWithoutHoldingIt);
    CPPUNIT_TEST(keepsFilesUnderTheirKeysAndNothingElse);
    CPPUNIT_TEST(touchesNoFolderBeforeTheFirstWrite);
    CPPUNIT_TEST(removesTemporaryFilesACrashLeftBehind);
    CPPUNIT_TEST(checksKeys);
    CPPUNIT_TEST_SUITE_END();

public:
    void passesTheConformanceChecks()
    {
        molar::test::TempDir dir;
        LocalFileStore store(fs::path(dir.path()) / "cases");
        const auto failures = molar::sdk::testing::checkFileStore(store);
        std::string all;
        for (const auto& failure : failures)
            all += "\n  " + failure;
        CPPUNIT_ASSERT_MESSAGE("conformance failures:" + all, failures.empty());
        // The checks clean up after themselves, and no temporary file is left.
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), filesIn(store.root()));
    }

    void reportsAStoreThatPublishesBeforeCommit()
    {
        molar::test::TempDir dir;
        LocalFileStore local(fs::path(dir.path()) / "careless");
        CarelessStore careless(local);
        molar::sdk::testing::FileStoreConformanceOptions options;
        options.largeFileBytes = 1024 * 1024;
        std::string all;
        for (const auto& failure : molar::sdk::testing::checkFileStore(careless, options))
            all += failure + "\n";
        MOLAR_ASSERT_CONTAINS("invisible until commit: exists() is true before commit()", all);
        MOLAR_ASSERT_CONTAINS(
            "abandoned writer leaves nothing: a writer destroyed without commit() left a file", all);
        MOLAR_ASSERT_CONTAINS("second commit refused", all);
        MOLAR_ASSERT_NOT_CONTAINS("round trip", all);
    }

    void streamsALargeFileWithoutHoldingIt()
    {
        molar::test::TempDir dir;
        LocalFileStore store(fs::path(dir.path()) / "cases");
        const std::string chunk(64 * 1024, 's');
        molar::test::PeakMemory peak;
        auto writer = store.create("scans/large.stl");
        for (int i = 0; i < 50 * 16; ++i)
            writer->stream().write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(50) * 1024 * 1024, writer->commit());
        CPPUNIT_ASSERT_MESSAGE("peak memory rose by " + std::to_string(peak.risenKiB()) + " KiB",
                               peak.risenKiB() < 16 * 1024);
    }

    void keepsFilesUnderTheirKeysAndNothingElse()
    {
        molar::test::TempDir dir;
        const fs::path root = fs::path(dir.path()) / "cases";
        LocalFileStore store(root);
        auto writer = store.create("42/scan-1.stl");
        writer->stream() << "solid tooth";
        writer->flush();
        // While it is written, the bytes are in .tmp/ and nowhere else.
        CPPUNIT_ASSERT_EQUAL(root / ".tmp", fs::path(writer->localPath()).parent_path());
        CPPUNIT_ASSERT(!fs::exists(root / "42"));
        writer->commit();
        CPPUNIT_ASSERT(fs::is_regular_file(root / "42" / "scan-1.stl"));
        CPPUNIT_ASSERT(fs::is_empty(root / ".tmp"));
        writer.reset();
        CPPUNIT_ASSERT(fs::is_regular_file(root / "42" / "scan-1.stl"));

        // An abandoned upload leaves nothing behind.
        auto abandoned = store.create("42/scan-2.stl");
        abandoned->stream() << std::string(100000, 'x');
        abandoned->flush();
        CPPUNIT_ASSERT(!fs::is_empty(root / ".tmp"));
        abandoned.reset();
        CPPUNIT_ASSERT(fs::is_empty(root / ".tmp"));
        CPPUNIT_ASSERT(!fs::exists(root / "42" / "scan-2.stl"));

        // A key that names a folder is not a file.
        CPPUNIT_ASSERT(!store.exists("42"));
        store.remove("42");
        CPPUNIT_ASSERT(fs::is_directory(root / "42"));
    }

    void touchesNoFolderBeforeTheFirstWrite()
    {
        molar::test::TempDir dir;
        const fs::path root = fs::path(dir.path()) / "unused";
        LocalFileStore store(root);
        CPPUNIT_ASSERT(!store.exists("anything"));
        store.remove("anything");
        CPPUNIT_ASSERT(!fs::exists(root));
    }

    void removesTemporaryFilesACrashLeftBehind()
    {
        molar::test::TempDir dir;
        const fs::path root = fs::path(dir.path()) / "cases";
        molar::test::writeFile((root / ".tmp" / "upload-old").string(), "left by a crash");
        molar::test::writeFile((root / ".tmp" / "upload-new").string(), "another host's upload in progress");
        fs::last_write_time(root / ".tmp" / "upload-old",
                            fs::file_time_type::clock::now() - std::chrono::hours(25));
        LocalFileStore store(root);
        auto writer = store.create("x");
        CPPUNIT_ASSERT(!fs::exists(root / ".tmp" / "upload-old"));
        CPPUNIT_ASSERT(fs::exists(root / ".tmp" / "upload-new"));
    }

    void checksKeys()
    {
        using molar::sdk::isValidFileKey;
        CPPUNIT_ASSERT(isValidFileKey("cases/42/scan-1.stl"));
        CPPUNIT_ASSERT(isValidFileKey("a"));
        CPPUNIT_ASSERT(isValidFileKey(std::string(512, 'a')));
        CPPUNIT_ASSERT(!isValidFileKey(std::string(513, 'a')));
        CPPUNIT_ASSERT(!isValidFileKey("cases/../etc/passwd"));
        CPPUNIT_ASSERT(!isValidFileKey("/etc/passwd"));
        CPPUNIT_ASSERT(!isValidFileKey(".tmp/upload-1"));
        CPPUNIT_ASSERT(!isValidFileKey("cases/"));
        CPPUNIT_ASSERT(!isValidFileKey("cases//1"));
        CPPUNIT_ASSERT(!isValidFileKey("c\xc3\xa9"));
        molar::test::TempDir dir;
        LocalFileStore store(dir.path());
        try {
            store.create("../escape");
            CPPUNIT_FAIL("a key climbing out of the store was accepted");
        } catch (const std::invalid_argument& e) {
            MOLAR_ASSERT_CONTAINS("'../escape' is not a file key", e.what());
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(LocalFileStoreTest);
