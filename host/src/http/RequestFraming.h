#pragma once

#include <Poco/Net/HTTPServerRequest.h>

#include <chrono>
#include <cstddef>
#include <string>

namespace molar::host {

// Where a request's body ends must be beyond doubt, or the connection could read
// part of it as the next request (request smuggling). Returns an empty string for
// a well-framed request, else why it is refused (a 400 that closes the connection):
// a repeated or non-numeric Content-Length, Content-Length beside Transfer-Encoding,
// a transfer coding other than plain "chunked".
std::string framingProblem(const Poco::Net::HTTPRequest& request);

// Whether the request carries a body at all: chunked, or a Content-Length above 0.
// A request with neither has none (RFC 9112, 6.3), whatever its method.
bool hasBody(const Poco::Net::HTTPRequest& request);

// The stream the request's body is read from: `chunked` (the server's reader, see
// ChunkedBody.h) for a chunked body when there is one, else Poco's.
std::istream& bodyStream(Poco::Net::HTTPServerRequest& request, std::istream* chunked);

// Reads and drops what is left of the request's body from `body` (its bodyStream), at
// most `maxBytes` and for at most `maxWait`. True when the body was read to its end, so
// the connection can serve the next request; false when it must close.
bool finishBody(Poco::Net::HTTPServerRequest& request, std::istream& body, std::size_t maxBytes,
                std::chrono::milliseconds maxWait);

} // namespace molar::host
