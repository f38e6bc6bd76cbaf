// Request bodies as a handler reads them (HttpRequest::body(): LimitedInputStream over
// Poco's Content-Length stream or the server's chunked reader), with the route's limit,
// then finishBody as HttpServer::serve ends the request. Input: a byte for the framing
// and the limit, two bytes of Content-Length (that framing only), then the body.
#include "ChunkedReference.h"
#include "FuzzCheck.h"
#include "MemoryConnection.h"

#include "http/ChunkedBody.h"
#include "http/Exchange.h"
#include "http/RequestFraming.h"

#include "molar/sdk/Errors.h"

#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponseImpl.h>

#include <chrono>
#include <cstdint>
#include <string>

using molar::fuzz::ChunkedReading;
using molar::fuzz::MemoryConnection;
using namespace molar::host;

namespace {

Poco::Net::HTTPServerParams::Ptr serverParams;

struct Reading
{
    std::string bytes;
    int refused = 0; // the HttpError's status
};

Reading readBody(HttpRequest& request)
{
    Reading reading;
    std::istream& in = request.body();
    char buffer[1000];
    try {
        while (in.read(buffer, sizeof(buffer)) || in.gcount() > 0)
            reading.bytes.append(buffer, static_cast<std::size_t>(in.gcount()));
    } catch (const molar::sdk::HttpError& e) {
        MOLAR_FUZZ_CHECK(e.status() == 413 || e.status() == 400, "reading a body refuses with 413 or 400");
        MOLAR_FUZZ_CHECK((e.status() == 413) == request.bodyOverLimit(),
                         "a 413 says the body went over the limit");
        reading.refused = e.status();
    }
    return reading;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    serverParams = new Poco::Net::HTTPServerParams;
    serverParams->setKeepAlive(true);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 3)
        return 0;
    const bool chunked = (data[0] & 1) != 0;
    const std::size_t limit = 1 + (data[0] >> 1) * 53u;
    const std::size_t declared = data[1] | (static_cast<std::size_t>(data[2]) << 8);
    const std::string body(reinterpret_cast<const char*>(data) + 3, size - 3);
    const std::string head = "POST /cases/7/files HTTP/1.1\r\nHost: portal.example\r\n" +
                             (chunked ? std::string("Transfer-Encoding: chunked\r\n")
                                      : "Content-Length: " + std::to_string(declared) + "\r\n") +
                             "\r\n";

    MemoryConnection connection(head + body, serverParams);
    Poco::Net::HTTPServerResponseImpl response(connection.session);
    Poco::Net::HTTPServerRequestImpl poco(response, connection.session, serverParams);
    MOLAR_FUZZ_CHECK(framingProblem(poco).empty(), "the target's own heads are well framed");
    MOLAR_FUZZ_CHECK(connection.unread() == body.size(), "the head is read up to its empty line");

    // As HttpServer::serve sets the request up.
    RequestContext context;
    context.maxBodyBytes = limit;
    ChunkedBodyStream chunkedBody(connection.session);
    context.chunkedBody = &chunkedBody;
    HttpRequest request(poco, context);
    const Reading reading = readBody(request);
    // What the server does after the handler: drain the rest, or close.
    const bool kept = reading.refused == 0 && finishBody(poco, bodyStream(poco, context.chunkedBody),
                                                         16 * 1024, std::chrono::milliseconds(1000));
    const std::size_t used = body.size() - connection.unread();

    if (!chunked) {
        const std::size_t sent = std::min(declared, body.size());
        MOLAR_FUZZ_CHECK(reading.refused == (sent > limit ? 413 : 0),
                         "413 exactly when the body is over the limit");
        if (reading.refused == 0) {
            MOLAR_FUZZ_CHECK(reading.bytes == body.substr(0, sent), "the handler reads the body as sent");
            MOLAR_FUZZ_CHECK(used == sent, "the next request starts after Content-Length bytes");
        }
        return 0;
    }
    const ChunkedReading expected = molar::fuzz::readChunked(body);
    switch (expected.verdict) {
    case ChunkedReading::Verdict::Whole:
        MOLAR_FUZZ_CHECK(reading.refused == (expected.data.size() > limit ? 413 : 0),
                         "413 exactly when the decoded body is over the limit");
        if (reading.refused == 0) {
            MOLAR_FUZZ_CHECK(reading.bytes == expected.data, "the handler reads the chunks' data");
            MOLAR_FUZZ_CHECK(kept, "a whole chunked body keeps the connection");
            MOLAR_FUZZ_CHECK(used == expected.end, "the next request starts after the trailer section");
        }
        break;
    case ChunkedReading::Verdict::Malformed:
    case ChunkedReading::Verdict::CutShort:
        // Never read as a whole body, and the connection closes.
        MOLAR_FUZZ_CHECK(reading.refused != 0 && !kept, "a malformed or cut chunked body is refused");
        break;
    }
    return 0;
}
