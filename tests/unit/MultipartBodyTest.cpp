// readMultipart (Request::parts()): part bytes exactly as sent whatever they hold and
// however the body arrives, unread bytes skipped, and a clear 400 for bodies that
// are not multipart or end too early.
#include "http/MultipartBody.h"

#include "Assertions.h"

#include "molar/sdk/Errors.h"

#include <cppunit/extensions/HelperMacros.h>

#include <random>
#include <sstream>

using molar::host::readMultipart;
using molar::sdk::HttpError;
using molar::sdk::Part;

namespace {

const std::string BOUNDARY = "XyZ-boundary-42";
const std::string TYPE = "multipart/form-data; boundary=" + BOUNDARY;

// Hands out a string a few bytes at a time, so delimiters straddle reads.
class TricklingBuf : public std::streambuf
{
public:
    TricklingBuf(std::string text, unsigned seed) : _text(std::move(text)), _random(seed) {}

protected:
    int_type underflow() override
    {
        if (_position >= _text.size())
            return traits_type::eof();
        const std::size_t n = std::min<std::size_t>(_text.size() - _position, 1 + _random() % 7);
        char* begin = &_text[_position];
        setg(begin, begin, begin + n);
        _position += n;
        return traits_type::to_int_type(*begin);
    }

private:
    std::string _text;
    std::size_t _position = 0;
    std::mt19937 _random;
};

struct Seen
{
    Part part;
    std::string bytes;
};

std::string field(const std::string& name, const std::string& value)
{
    return "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value +
           "\r\n";
}

std::string file(const std::string& name, const std::string& fileName, const std::string& bytes)
{
    return "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" +
           fileName + "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + bytes + "\r\n";
}

std::string closing()
{
    return "--" + BOUNDARY + "--\r\n";
}

std::vector<Seen> parse(std::istream& body, const std::string& type = TYPE)
{
    std::vector<Seen> seen;
    readMultipart(body, type, [&](const Part& part, std::istream& in) {
        std::ostringstream bytes;
        char buffer[100];
        while (in.read(buffer, sizeof(buffer)) || in.gcount() > 0)
            bytes.write(buffer, in.gcount());
        seen.push_back({part, bytes.str()});
    });
    return seen;
}

std::vector<Seen> parse(const std::string& body, const std::string& type = TYPE)
{
    std::istringstream in(body);
    return parse(in, type);
}

std::string refusal(const std::string& body, const std::string& type = TYPE)
{
    try {
        parse(body, type);
    } catch (const HttpError& e) {
        CPPUNIT_ASSERT_EQUAL(400, e.status());
        return e.what();
    }
    CPPUNIT_FAIL("expected HttpError(400)");
    return {};
}

} // namespace

class MultipartBodyTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(MultipartBodyTest);
    CPPUNIT_TEST(readsFieldsAndFilesInOrder);
    CPPUNIT_TEST(keepsBytesThatLookLikeADelimiter);
    CPPUNIT_TEST(findsDelimitersThatStraddleReads);
    CPPUNIT_TEST(skipsWhatTheHandlerLeavesUnread);
    CPPUNIT_TEST(skipsPreambleAndEpilogue);
    CPPUNIT_TEST(refusesWhatIsNotMultipart);
    CPPUNIT_TEST(refusesABodyCutShort);
    CPPUNIT_TEST_SUITE_END();

public:
    void readsFieldsAndFilesInOrder()
    {
        auto seen =
            parse(field("note", "upper jaw") + file("scan", "/home/lab/jaw.stl", "solid") + "--" + BOUNDARY +
                  "  \t\r\nContent-Disposition: form-data; name=\"empty\"\r\n\r\n\r\n" + closing());
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), seen.size());
        CPPUNIT_ASSERT_EQUAL(std::string("note"), seen[0].part.name);
        CPPUNIT_ASSERT_EQUAL(std::string(""), seen[0].part.fileName);
        CPPUNIT_ASSERT_EQUAL(std::string("upper jaw"), seen[0].bytes);
        CPPUNIT_ASSERT_EQUAL(std::string("scan"), seen[1].part.name);
        CPPUNIT_ASSERT_EQUAL(std::string("jaw.stl"), seen[1].part.fileName);
        CPPUNIT_ASSERT_EQUAL(std::string("application/octet-stream"), seen[1].part.contentType);
        CPPUNIT_ASSERT_EQUAL(std::string("solid"), seen[1].bytes);
        CPPUNIT_ASSERT_EQUAL(std::string("empty"), seen[2].part.name);
        CPPUNIT_ASSERT_EQUAL(std::string(""), seen[2].bytes);
    }

    void keepsBytesThatLookLikeADelimiter()
    {
        const std::vector<std::string> tricky{"\r\n--",
                                              "\n--",
                                              "\r",
                                              "\r\n",
                                              "--",
                                              "-",
                                              "\r\n--" + BOUNDARY.substr(0, 5),
                                              "\r\n-" + BOUNDARY,
                                              "\n--" + BOUNDARY,
                                              "--" + BOUNDARY,
                                              std::string("\0\r\n\0--", 6)};
        for (const auto& end : tricky)
            for (const auto& bytes : {end, "data" + end, end + "data", end + end}) {
                auto seen = parse(file("scan", "x.bin", bytes) + field("after", "yes") + closing());
                CPPUNIT_ASSERT_EQUAL(std::size_t(2), seen.size());
                CPPUNIT_ASSERT_MESSAGE("bytes changed: " + bytes, bytes == seen[0].bytes);
                CPPUNIT_ASSERT_EQUAL(std::string("yes"), seen[1].bytes);
            }
    }

    void findsDelimitersThatStraddleReads()
    {
        std::mt19937 random(7);
        std::string bytes;
        for (int i = 0; i < 200000; ++i)
            bytes += "\r\n-X"[random() % 4]; // dense with near-delimiters
        const std::string body = field("a", "1") + file("scan", "s.stl", bytes) + field("b", "2") + closing();
        // The body arriving a few bytes at a time.
        for (unsigned seed = 1; seed <= 3; ++seed) {
            TricklingBuf trickle(body, seed);
            std::istream in(&trickle);
            auto seen = parse(in);
            CPPUNIT_ASSERT_EQUAL(std::size_t(3), seen.size());
            CPPUNIT_ASSERT_EQUAL(std::string("1"), seen[0].bytes);
            CPPUNIT_ASSERT(bytes == seen[1].bytes);
            CPPUNIT_ASSERT_EQUAL(std::string("2"), seen[2].bytes);
        }
        // A delimiter at every offset around the reader's buffer edges (32 and 64 KiB).
        for (std::size_t edge : {std::size_t(32 * 1024), std::size_t(64 * 1024)})
            for (std::size_t size = edge - 120; size <= edge + 40; ++size) {
                const std::string part = bytes.substr(0, size);
                auto seen = parse(file("scan", "s.stl", part) + field("b", "2") + closing());
                CPPUNIT_ASSERT_EQUAL(std::size_t(2), seen.size());
                CPPUNIT_ASSERT_MESSAGE("part of " + std::to_string(size) + " bytes changed",
                                       part == seen[0].bytes);
            }
    }

    void skipsWhatTheHandlerLeavesUnread()
    {
        std::istringstream body(file("scan", "big.stl", std::string(300000, 'x')) + field("note", "kept") +
                                closing());
        std::vector<std::string> names;
        std::string note;
        readMultipart(body, TYPE, [&](const Part& part, std::istream& in) {
            names.push_back(part.name);
            if (part.name == "note")
                std::getline(in, note);
            else
                in.get(); // one byte of 300000
        });
        CPPUNIT_ASSERT_EQUAL(std::vector<std::string>({"scan", "note"}), names);
        CPPUNIT_ASSERT_EQUAL(std::string("kept"), note);
    }

    void skipsPreambleAndEpilogue()
    {
        std::istringstream body("This is a preamble.\r\n" + field("note", "hi") + closing() + "an epilogue");
        auto seen = parse(body);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), seen.size());
        CPPUNIT_ASSERT_EQUAL(std::string("hi"), seen[0].bytes);
        CPPUNIT_ASSERT(body.rdbuf()->sgetc() == std::char_traits<char>::eof());
    }

    void refusesWhatIsNotMultipart()
    {
        MOLAR_ASSERT_CONTAINS("multipart/form-data", refusal("a=b", "application/x-www-form-urlencoded"));
        MOLAR_ASSERT_CONTAINS("multipart/form-data", refusal(field("a", "b"), "multipart/form-data"));
        MOLAR_ASSERT_CONTAINS("multipart/form-data", refusal(field("a", "b"), "multipart/mixed; boundary=x"));
        MOLAR_ASSERT_CONTAINS("not well-formed", refusal("no boundary line anywhere"));
        MOLAR_ASSERT_CONTAINS(
            "no form field name",
            refusal("--" + BOUNDARY + "\r\nContent-Type: text/plain\r\n\r\nx\r\n" + closing()));
        MOLAR_ASSERT_CONTAINS("not well-formed", refusal("--" + BOUNDARY + "junk\r\n" + closing()));
    }

    void refusesABodyCutShort()
    {
        const std::string whole =
            field("note", "hi") + file("scan", "s.stl", std::string(5000, 'x')) + closing();
        // Cut anywhere after the first delimiter line: in headers, in data, in a delimiter.
        for (std::size_t cut : {std::size_t(20), std::size_t(60), std::size_t(200), std::size_t(3000),
                                whole.size() - closing().size() - 1, whole.size() - 4}) {
            const std::string message = refusal(whole.substr(0, cut));
            MOLAR_ASSERT_CONTAINS("ended before it was complete", message);
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(MultipartBodyTest);
