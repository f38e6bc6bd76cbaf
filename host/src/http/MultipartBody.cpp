#include "http/MultipartBody.h"

#include "molar/sdk/Errors.h"

#include <Poco/Exception.h>
#include <Poco/Net/MediaType.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/String.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <string_view>
#include <vector>

namespace molar::host {

namespace {

const char* const CUT_SHORT =
    "The upload ended before it was complete. Check the connection and send it again.";
const char* const MALFORMED = "The upload is not well-formed multipart/form-data.";
const std::size_t BUFFER_SIZE = 64 * 1024;

// The body as a stream of parts separated by delimiter lines ("\r\n--" boundary).
// Part bytes come out of readPart() up to the next delimiter, which is found even
// when it straddles two reads; the bytes between parts (the headers) are read
// through this streambuf itself.
//
// Poco's MultipartReader is not used for the part bytes: when a part ends with
// "\n--", it hands out the CR of the delimiter as one more byte of the file.
class MultipartScanner : public std::streambuf
{
public:
    MultipartScanner(std::istream& body, const std::string& boundary)
        : _source(*body.rdbuf()), _delimiter("\r\n--" + boundary), _buffer(BUFFER_SIZE)
    {
        setg(_buffer.data(), _buffer.data(), _buffer.data());
    }

    // Copies up to `max` bytes of the current part; 0 at its end, with the delimiter
    // consumed, or when the body ended without one (truncated() tells).
    std::size_t readPart(char* out, std::size_t max)
    {
        if (_atDelimiter || _truncated)
            return 0;
        fill(std::max(_delimiter.size(), BUFFER_SIZE / 2));
        const std::string_view window(gptr(), available());
        const std::size_t found = window.find(_delimiter);
        if (found == 0) {
            gbump(static_cast<int>(_delimiter.size()));
            _atDelimiter = true;
            return 0;
        }
        std::size_t safe = found;
        if (found == std::string_view::npos) {
            if (_sourceEnded) {
                _truncated = true;
                return 0;
            }
            // What follows may be the start of a delimiter: keep it for the next read.
            safe = available() - (_delimiter.size() - 1);
        }
        const std::size_t n = std::min(safe, max);
        std::memcpy(out, gptr(), n);
        gbump(static_cast<int>(n));
        return n;
    }
    bool truncated() const { return _truncated; }
    // Whether the body has no more bytes.
    bool atEnd() { return !fill(1); }

    // Skips what precedes the first delimiter line ("--" boundary at the very start,
    // or after a preamble). Throws HttpError(400) when there is none.
    void skipPreamble()
    {
        const std::string first = _delimiter.substr(2);
        fill(first.size());
        if (std::string_view(gptr(), available()).substr(0, first.size()) == first) {
            gbump(static_cast<int>(first.size()));
            _atDelimiter = true;
            return;
        }
        char ignored[4096];
        while (readPart(ignored, sizeof(ignored)) > 0) {
        }
        if (_truncated)
            throw sdk::HttpError(400, MALFORMED);
    }

    // After a delimiter: true when it closed the body; otherwise consumes the rest of
    // its line, ready for the next part's headers.
    bool nextPart()
    {
        if (!_atDelimiter)
            throw std::logic_error("the part has unread bytes");
        fill(2);
        if (std::string_view(gptr(), available()).substr(0, 2) == "--")
            return false;
        int c = sbumpc();
        while (c == ' ' || c == '\t') // transport padding
            c = sbumpc();
        if (c == '\r')
            c = sbumpc();
        if (c != '\n')
            throw sdk::HttpError(400,
                                 traits_type::eq_int_type(c, traits_type::eof()) ? CUT_SHORT : MALFORMED);
        _atDelimiter = false;
        return true;
    }

    // Reads what follows the closing delimiter, so the connection is ready for the next request.
    void skipEpilogue()
    {
        setg(eback(), egptr(), egptr());
        while (!_sourceEnded &&
               _source.sgetn(_buffer.data(), static_cast<std::streamsize>(_buffer.size())) > 0) {
        }
    }

protected:
    int_type underflow() override
    {
        if (!fill(1))
            return traits_type::eof();
        return traits_type::to_int_type(*gptr());
    }

private:
    std::size_t available() const { return static_cast<std::size_t>(egptr() - gptr()); }

    // Makes `wanted` unread bytes available unless the body ends first; answers
    // whether it did. Keeps one read byte in front for putback.
    bool fill(std::size_t wanted)
    {
        wanted = std::min(wanted, _buffer.size() - 1);
        if (available() >= wanted)
            return true;
        const std::size_t keep = gptr() > eback() ? 1 : 0;
        const std::size_t unread = available();
        std::memmove(_buffer.data(), gptr() - keep, unread + keep);
        char* begin = _buffer.data();
        setg(begin, begin + keep, begin + keep + unread);
        while (available() < wanted && !_sourceEnded) {
            char* end = egptr();
            const std::streamsize room = static_cast<std::streamsize>(_buffer.data() + _buffer.size() - end);
            const std::streamsize got = _source.sgetn(end, room);
            if (got < room)
                _sourceEnded = true;
            setg(eback(), gptr(), end + got);
        }
        return available() >= wanted;
    }

    std::streambuf& _source;
    const std::string _delimiter;
    std::vector<char> _buffer;
    bool _sourceEnded = false;
    bool _atDelimiter = false;
    bool _truncated = false;
};

// One part's bytes, for the handler. A body that ends inside the part throws, so a
// truncated file is never taken for a whole one.
class PartStreamBuf : public std::streambuf
{
public:
    explicit PartStreamBuf(MultipartScanner& scanner) : _scanner(scanner) {}

protected:
    int_type underflow() override
    {
        if (gptr() < egptr())
            return traits_type::to_int_type(*gptr());
        const std::size_t got = _scanner.readPart(_buffer, sizeof(_buffer));
        if (got == 0) {
            if (_scanner.truncated())
                throw sdk::HttpError(400, CUT_SHORT);
            return traits_type::eof();
        }
        setg(_buffer, _buffer, _buffer + got);
        return traits_type::to_int_type(*gptr());
    }

private:
    MultipartScanner& _scanner;
    char _buffer[16384];
};

class PartStream : public std::istream
{
public:
    explicit PartStream(MultipartScanner& scanner) : std::istream(nullptr), _buf(scanner)
    {
        rdbuf(&_buf);
        // Let a 400 or 413 from the buffer reach the handler instead of only setting badbit.
        exceptions(std::ios::badbit);
    }
    void skipRest()
    {
        clear();
        ignore(std::numeric_limits<std::streamsize>::max());
    }

private:
    PartStreamBuf _buf;
};

std::string boundaryOf(const std::string& contentType)
{
    try {
        Poco::Net::MediaType type(contentType);
        if (type.matches("multipart", "form-data") && type.hasParameter("boundary")) {
            std::string boundary = type.getParameter("boundary");
            if (!boundary.empty() && boundary.size() <= 70)
                return boundary;
        }
    } catch (const Poco::Exception&) {
    }
    throw sdk::HttpError(400, "This address takes a multipart/form-data upload (a form with "
                              "enctype=\"multipart/form-data\").");
}

sdk::Part readHeaders(MultipartScanner& scanner)
{
    Poco::Net::MessageHeader headers;
    std::istream in(&scanner);
    try {
        headers.read(in); // at most 100 fields of bounded length; stops before the empty line
    } catch (const Poco::Exception&) {
        throw sdk::HttpError(400, scanner.atEnd() ? CUT_SHORT : MALFORMED);
    }
    int c = scanner.sbumpc();
    if (c == '\r')
        c = scanner.sbumpc();
    if (c != '\n')
        throw sdk::HttpError(400, c == std::char_traits<char>::eof() ? CUT_SHORT : MALFORMED);

    std::string disposition;
    Poco::Net::NameValueCollection parameters;
    Poco::Net::MessageHeader::splitParameters(headers.get("Content-Disposition", ""), disposition,
                                              parameters);
    sdk::Part part;
    part.name = parameters.get("name", "");
    if (Poco::icompare(disposition, "form-data") != 0 || part.name.empty())
        throw sdk::HttpError(400, "A part of the upload has no form field name.");
    part.fileName = parameters.get("filename", "");
    // Some browsers send the whole path the file had on the user's computer.
    const auto slash = part.fileName.find_last_of("/\\");
    if (slash != std::string::npos)
        part.fileName = part.fileName.substr(slash + 1);
    part.contentType = headers.get("Content-Type", "");
    return part;
}

} // namespace

void readMultipart(std::istream& body, const std::string& contentType,
                   const std::function<void(const sdk::Part&, std::istream&)>& onPart)
{
    MultipartScanner scanner(body, boundaryOf(contentType));
    scanner.skipPreamble();
    while (scanner.nextPart()) {
        const sdk::Part part = readHeaders(scanner);
        PartStream stream(scanner);
        onPart(part, stream);
        stream.skipRest();
    }
    scanner.skipEpilogue();
}

} // namespace molar::host
