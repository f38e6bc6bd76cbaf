#pragma once

#include <cstdint>
#include <istream>
#include <streambuf>
#include <string>

namespace molar::host {

class ConnectionSession;

// A chunked request body (RFC 9112, 7.1) read off the connection to the letter: hex
// chunk sizes, extensions after ';' skipped, CRLF after every line and chunk, and the
// trailer section read up to its empty line, so the next request starts right after
// the body. Poco's reader takes one line after the last chunk (a second trailer field
// became the next request) and ends a body at a malformed size line as if it were
// whole; this one throws sdk::HttpError(400) for a malformed body and for one that
// ends early, and lets the socket's errors (a timeout) through.
class ChunkedBodyBuf : public std::streambuf
{
public:
    explicit ChunkedBodyBuf(ConnectionSession& session) : _session(session) {}

protected:
    int_type underflow() override;

private:
    // One line without its CRLF; at most `most` bytes.
    std::string line(std::size_t most);
    char nextByte();
    void startChunk();
    void readTrailers();

    ConnectionSession& _session;
    std::uint64_t _left = 0; // bytes of the current chunk still to read
    bool _inChunk = false;
    bool _ended = false;
    char _buffer[8192];
};

class ChunkedBodyStream : public std::istream
{
public:
    explicit ChunkedBodyStream(ConnectionSession& session) : std::istream(nullptr), _buf(session)
    {
        rdbuf(&_buf);
        // A 400 reaches the reader instead of only setting badbit.
        exceptions(std::ios::badbit);
    }

private:
    ChunkedBodyBuf _buf;
};

} // namespace molar::host
