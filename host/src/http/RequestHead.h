#pragma once

#include <cstddef>
#include <string>

namespace molar::host {

// Whether the bytes a connection has sent so far hold a whole request head (the
// request line and header fields up to the empty line), so that a worker can
// parse it without waiting on the client.
enum class HeadScan
{
    Incomplete, // keep reading
    Complete,   // a worker can take it
    TooLarge,   // more than the limit before the empty line: 431 and close
    Malformed,  // Poco's parser would end it elsewhere than at the empty line: 400 and close
};

// Leading empty lines (RFC 9112, 2.2) are skipped. A head is Malformed when Poco's
// parser would read it differently from this scan, so that where a worker's parse
// ends is always where the scan saw the head end: a request line that is not three
// words on one line (Poco reads on into the next lines), a header line that starts
// with white space (obs-fold, RFC 9112 5.2: Poco keeps the fold's space in the value,
// so "Transfer-Encoding:" folded onto " chunked" is not chunked to it) or with a CR,
// a line Poco's header reader takes for the empty line (a piece of one character and
// LF), or a byte 0xFF (Poco reads it as the end of the stream).
HeadScan scanRequestHead(const std::string& bytes, std::size_t maxHeadBytes);

// Where the request starts: after the empty lines a client may send before it.
// Poco refuses a head that starts with CRLF, so the server drops them first.
std::size_t requestStart(const std::string& bytes);

} // namespace molar::host
