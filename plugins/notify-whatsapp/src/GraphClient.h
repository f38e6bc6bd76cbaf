#pragma once

#include <Poco/Net/Context.h>
#include <Poco/URI.h>

#include <mutex>
#include <string>

namespace molar::whatsapp {

// What the Graph API answered: the HTTP status and the body as sent.
struct GraphAnswer
{
    int status = 0;
    std::string body;
};

// POSTs JSON to the Graph API over HTTP or HTTPS, as the base URL's scheme says,
// one session per call (so any number of threads may share a client). Every
// session has the timeout for connecting, sending and receiving. Network failures
// throw std::runtime_error, which callers treat as temporary.
class GraphClient
{
public:
    GraphClient(const std::string& baseUrl, int timeoutSeconds);

    // POSTs `json` to <baseUrl><path> with the bearer token.
    GraphAnswer postJson(const std::string& path, const std::string& bearerToken,
                         const std::string& json) const;

private:
    Poco::URI _base;
    int _timeoutSeconds;
    // The client context for https://, made on the first request: loading the system's
    // CAs is a noticeable part of the portal's start-up, paid only once it is needed.
    Poco::Net::Context::Ptr tls() const;
    mutable std::once_flag _tlsOnce;
    mutable Poco::Net::Context::Ptr _tls;
};

} // namespace molar::whatsapp
