#pragma once

// The conformance checks every FileStore implementation passes: the host's local
// store, and any other (object storage, a network share). Header-only; run it from
// your own test framework:
//
//     auto failures = molar::sdk::testing::checkFileStore(store);
//     for (const auto& f : failures) std::cerr << f << "\n";
//     assert(failures.empty());

#include "molar/sdk/Errors.h"
#include "molar/sdk/Files.h"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace molar::sdk::testing {

struct FileStoreConformanceOptions
{
    // Every key the checks use starts with this segment; they remove their files at the end.
    std::string prefix = "conformance";
    // The size of the streamed write, in bytes, written and read back 64 KiB at a time.
    std::uint64_t largeFileBytes = 50ull * 1024 * 1024;
    // Writers that commit at once, to new keys in one new folder and to one shared key.
    int concurrentWriters = 8;
};

namespace detail {

class CheckFailed : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

inline void require(bool condition, const std::string& what)
{
    if (!condition)
        throw CheckFailed(what);
}

inline std::string readAll(std::istream& in)
{
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline std::string read(FileStore& store, const std::string& key)
{
    auto in = store.open(key);
    require(in != nullptr, "open(\"" + key + "\") returned no stream");
    return readAll(*in);
}

inline std::uint64_t write(FileStore& store, const std::string& key, const std::string& bytes)
{
    auto writer = store.create(key);
    writer->stream() << bytes;
    return writer->commit();
}

template <typename Action> bool throwsNotFound(Action action)
{
    try {
        action();
    } catch (const FileNotFound&) {
        return true;
    }
    return false;
}

template <typename Action> bool throwsInvalidArgument(Action action)
{
    try {
        action();
    } catch (const std::invalid_argument&) {
        return true;
    }
    return false;
}

inline std::string binarySample()
{
    std::string bytes = "line one\r\nline two\n";
    for (int i = 0; i < 256; ++i)
        bytes += static_cast<char>(i);
    return bytes + std::string(3, '\0');
}

// Byte i of the large file: a pattern that a shifted or repeated block would break.
inline char patternByte(std::uint64_t i)
{
    return static_cast<char>((i * 7 + i / 65521) & 0xff);
}

inline void roundTrip(FileStore& store, const std::string& p)
{
    const std::string key = p + "/round/trip.bin";
    const std::string bytes = binarySample();
    const std::uint64_t size = write(store, key, bytes);
    require(size == bytes.size(), "commit() returned " + std::to_string(size) + " for " +
                                      std::to_string(bytes.size()) + " bytes written");
    require(store.exists(key), "exists() is false after commit()");
    require(store.size(key) == bytes.size(), "size() differs from the bytes written");
    require(read(store, key) == bytes, "open() does not read back the bytes written");
}

inline void invisibleUntilCommit(FileStore& store, const std::string& p)
{
    const std::string key = p + "/pending.txt";
    auto writer = store.create(key);
    writer->stream() << "not yet";
    writer->flush();
    require(!store.exists(key), "exists() is true before commit()");
    require(throwsNotFound([&] { store.open(key); }), "open() before commit() does not throw FileNotFound");
    require(throwsNotFound([&] { store.size(key); }), "size() before commit() does not throw FileNotFound");
    writer->commit();
    require(read(store, key) == "not yet", "the committed file does not hold what was written");
}

inline void abandonedWriterLeavesNothing(FileStore& store, const std::string& p)
{
    const std::string key = p + "/abandoned.txt";
    {
        auto writer = store.create(key);
        writer->stream() << "half an upload";
        writer->flush();
    }
    require(!store.exists(key), "a writer destroyed without commit() left a file");
    write(store, key, "kept");
    {
        auto writer = store.create(key);
        writer->stream() << "a replacement that never commits";
        writer->flush();
    }
    require(read(store, key) == "kept", "an abandoned replacement changed the committed file");
}

inline void refusesInvalidKeys(FileStore& store, const std::string& p)
{
    const std::vector<std::string> bad{
        "",        "/absolute", p + "/../escape", "..",          ".",
        p + "//x", p + "/",     "sp ace",         "back\\slash", ".hidden",
        p + "/.x", ".tmp/x",    "caf\xc3\xa9",    "new\nline",   std::string(600, 'a'),
        "a:b",     "question?", "star*"};
    for (const auto& key : bad) {
        const std::string shown = "\"" + key.substr(0, 40) + "\"";
        require(throwsInvalidArgument([&] { store.create(key); }), "create(" + shown + ") was accepted");
        require(throwsInvalidArgument([&] { store.open(key); }), "open(" + shown + ") was accepted");
        require(throwsInvalidArgument([&] { store.exists(key); }), "exists(" + shown + ") was accepted");
        require(throwsInvalidArgument([&] { store.size(key); }), "size(" + shown + ") was accepted");
        require(throwsInvalidArgument([&] { store.remove(key); }), "remove(" + shown + ") was accepted");
    }
    for (const auto& key : {p + "/A-Z_0.9", p + "/a/b/c/d.e.f", p + "/x..y"}) {
        write(store, key, "ok");
        require(read(store, key) == "ok", "the valid key \"" + key + "\" did not round-trip");
    }
}

inline void removes(FileStore& store, const std::string& p)
{
    const std::string key = p + "/removed.txt";
    write(store, key, "soon gone");
    store.remove(key);
    require(!store.exists(key), "exists() is true after remove()");
    require(throwsNotFound([&] { store.open(key); }), "open() after remove() does not throw FileNotFound");
    require(throwsNotFound([&] { store.size(key); }), "size() after remove() does not throw FileNotFound");
    store.remove(key); // a second time: nothing happens
    store.remove(p + "/never/there.txt");
}

inline void overwrites(FileStore& store, const std::string& p)
{
    const std::string key = p + "/overwritten.txt";
    write(store, key, "first version");
    write(store, key, "the second, longer version");
    require(read(store, key) == "the second, longer version", "a second commit did not replace the file");
    const std::uint64_t size = write(store, key, "third");
    require(size == 5 && store.size(key) == 5, "a shorter replacement kept the old length");
    require(read(store, key) == "third", "a shorter replacement kept bytes of the old file");
}

inline void sizes(FileStore& store, const std::string& p)
{
    const std::string empty = p + "/empty";
    require(write(store, empty, "") == 0, "commit() of an empty file did not return 0");
    require(store.exists(empty) && store.size(empty) == 0, "an empty file is not stored as one");
    require(read(store, empty).empty(), "an empty file reads as bytes");
    const std::string key = p + "/sized";
    write(store, key, std::string(100000, 'x'));
    require(store.size(key) == 100000, "size() is not the number of bytes written");
}

inline void rewritesThroughTheLocalPath(FileStore& store, const std::string& p)
{
    const std::string key = p + "/stripped.jpg";
    auto writer = store.create(key);
    writer->stream() << "METADATA:patient name;PIXELS";
    writer->flush();
    const std::string path = writer->localPath();
    {
        std::ifstream in(path, std::ios::binary);
        require(in.good(), "localPath() names no readable file");
        require(readAll(in) == "METADATA:patient name;PIXELS", "localPath() does not hold the bytes written");
    }
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << "PIXELS";
        require(out.good(), "localPath() cannot be rewritten");
    }
    const std::uint64_t size = writer->commit();
    require(size == 6, "commit() after a rewrite returned the old size");
    require(read(store, key) == "PIXELS", "commit() did not store the rewritten file");
}

inline void refusesASecondCommit(FileStore& store, const std::string& p)
{
    auto writer = store.create(p + "/twice.txt");
    writer->stream() << "once";
    writer->commit();
    bool refused = false;
    try {
        writer->commit();
    } catch (const std::logic_error&) {
        refused = true;
    }
    require(refused, "a second commit() of one writer did not throw std::logic_error");
}

inline void openReadersKeepTheirVersion(FileStore& store, const std::string& p)
{
    const std::string key = p + "/reading.txt";
    write(store, key, "old bytes");
    auto reader = store.open(key);
    write(store, key, "new bytes, longer");
    require(readAll(*reader) == "old bytes", "a reader opened before a replacement saw the new file");
    auto second = store.open(key);
    store.remove(key);
    require(readAll(*second) == "new bytes, longer", "a reader opened before remove() lost its file");
}

inline void streamsALargeFile(FileStore& store, const std::string& p, std::uint64_t total)
{
    const std::string key = p + "/large.bin";
    std::vector<char> chunk(64 * 1024);
    auto writer = store.create(key);
    for (std::uint64_t done = 0; done < total;) {
        const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(chunk.size(), total - done));
        for (std::size_t i = 0; i < n; ++i)
            chunk[i] = patternByte(done + i);
        writer->stream().write(chunk.data(), static_cast<std::streamsize>(n));
        require(writer->stream().good(),
                "the writer's stream failed after " + std::to_string(done) + " bytes");
        done += n;
    }
    require(writer->commit() == total, "commit() of the large file returned another size");
    writer.reset();
    require(store.size(key) == total, "size() of the large file is wrong");
    auto in = store.open(key);
    std::uint64_t offset = 0;
    while (*in) {
        in->read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        const auto got = static_cast<std::size_t>(in->gcount());
        for (std::size_t i = 0; i < got; ++i)
            require(chunk[i] == patternByte(offset + i),
                    "the large file differs at byte " + std::to_string(offset + i));
        offset += got;
    }
    require(offset == total, "the large file read back " + std::to_string(offset) + " bytes");
    store.remove(key);
}

inline void concurrentWriters(FileStore& store, const std::string& p, int writers)
{
    std::vector<std::string> errors(static_cast<std::size_t>(writers));
    std::vector<std::thread> threads;
    for (int i = 0; i < writers; ++i)
        threads.emplace_back([&, i] {
            try {
                // Each writes its own key in one new folder, then the shared key.
                write(store, p + "/race/new-folder/" + std::to_string(i), "writer " + std::to_string(i));
                write(store, p + "/race/shared", std::string(10000, static_cast<char>('a' + i)));
            } catch (const std::exception& e) {
                errors[static_cast<std::size_t>(i)] = e.what();
            }
        });
    for (auto& t : threads)
        t.join();
    for (const auto& e : errors)
        require(e.empty(), "a concurrent writer failed: " + e);
    for (int i = 0; i < writers; ++i)
        require(read(store, p + "/race/new-folder/" + std::to_string(i)) == "writer " + std::to_string(i),
                "a concurrent writer's file is missing or mixed");
    const std::string shared = read(store, p + "/race/shared");
    require(shared.size() == 10000 && shared.find_first_not_of(shared[0]) == std::string::npos,
            "writers committing one key at once left a mix of their bytes");
}

inline void cleanUp(FileStore& store, const std::string& p, int writers)
{
    for (const auto& key : {"/round/trip.bin", "/pending.txt", "/abandoned.txt", "/A-Z_0.9", "/a/b/c/d.e.f",
                            "/x..y", "/overwritten.txt", "/empty", "/sized", "/stripped.jpg", "/twice.txt",
                            "/reading.txt", "/large.bin", "/race/shared"})
        store.remove(p + key);
    for (int i = 0; i < writers; ++i)
        store.remove(p + "/race/new-folder/" + std::to_string(i));
}

} // namespace detail

// Runs every check against `store` and answers one line per failure, "<check>: <what
// went wrong>"; an empty answer means the store conforms. Checks: a write-commit-read
// round trip of binary bytes, nothing visible before commit(), an abandoned writer
// leaves nothing (and leaves an older file alone), invalid keys refused by every call,
// remove(), replacement by a later commit(), sizes (empty files too), rewriting the
// local path before commit(), a second commit() refused, open readers keep their
// version, a large file streamed through, concurrent writers. Whether the large write
// was held in memory is for the implementation's own tests to watch.
inline std::vector<std::string> checkFileStore(FileStore& store,
                                               const FileStoreConformanceOptions& options = {})
{
    using namespace detail;
    const std::string& p = options.prefix;
    const std::vector<std::pair<std::string, std::function<void()>>> checks{
        {"round trip", [&] { roundTrip(store, p); }},
        {"invisible until commit", [&] { invisibleUntilCommit(store, p); }},
        {"abandoned writer leaves nothing", [&] { abandonedWriterLeavesNothing(store, p); }},
        {"invalid keys refused", [&] { refusesInvalidKeys(store, p); }},
        {"remove", [&] { removes(store, p); }},
        {"overwrite", [&] { overwrites(store, p); }},
        {"size", [&] { sizes(store, p); }},
        {"rewrite through localPath", [&] { rewritesThroughTheLocalPath(store, p); }},
        {"second commit refused", [&] { refusesASecondCommit(store, p); }},
        {"open readers keep their version", [&] { openReadersKeepTheirVersion(store, p); }},
        {"large streamed file", [&] { streamsALargeFile(store, p, options.largeFileBytes); }},
        {"concurrent writers", [&] { concurrentWriters(store, p, options.concurrentWriters); }},
    };
    std::vector<std::string> failures;
    for (const auto& [name, run] : checks) {
        try {
            run();
        } catch (const CheckFailed& e) {
            failures.push_back(name + ": " + e.what());
        } catch (const std::exception& e) {
            failures.push_back(name + ": unexpected exception: " + e.what());
        }
    }
    try {
        cleanUp(store, p, options.concurrentWriters);
    } catch (const std::exception& e) {
        failures.push_back(std::string("clean up: ") + e.what());
    }
    return failures;
}

} // namespace molar::sdk::testing
