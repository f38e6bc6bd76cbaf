#pragma once

#include "http/LimitedInputStream.h"
#include "http/Router.h"

#include "molar/sdk/Http.h"

#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NameValueCollection.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

namespace molar::host {

// What the middleware learns about a request, for the rest of the chain.
struct RequestContext
{
    std::string requestId;
    std::string routeTemplate = "unmatched";
    std::string language = "en";
    std::string theme = "system";
    std::string csrfToken;
    // The secret the CSRF token is derived from while signed in: the session cookie.
    std::string sessionBinding;
    std::optional<sdk::Principal> principal;
    std::size_t maxBodyBytes = 1024 * 1024;
    bool secure = false; // served over TLS or behind a TLS proxy
    // The client's address: the peer's, or the one a trusted proxy forwarded.
    std::string clientAddress;
    bool fromTrustedProxy = false; // the peer is one of http.trustedProxies
    // Called once, just before the answer's head is sent: the server uses it to
    // settle the request's body (drain it, or close the connection after the answer).
    std::function<void()> beforeAnswer;
    // The server's reader of a chunked body (ChunkedBody.h), used instead of Poco's.
    std::istream* chunkedBody = nullptr;
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

// The SDK's Request over Poco's.
class HttpRequest : public sdk::Request
{
public:
    HttpRequest(Poco::Net::HTTPServerRequest& request, RequestContext& context);

    const std::string& method() const override { return _request.getMethod(); }
    const std::string& path() const override { return _path; }
    const std::string& route() const override { return _context.routeTemplate; }
    const std::string& requestId() const override { return _context.requestId; }
    std::string clientAddress() const override;
    std::string param(const std::string& name) const override;
    std::string query(const std::string& name) const override;
    std::string header(const std::string& name) const override;
    std::string cookie(const std::string& name) const override;
    std::string form(const std::string& name) override;
    std::istream& body() override;
    sdk::Value json() override;
    const std::string& language() const override { return _context.language; }
    const std::string& theme() const override { return _context.theme; }
    const std::optional<sdk::Principal>& principal() const override { return _context.principal; }
    const std::string& csrfToken() const override { return _context.csrfToken; }
    void parts(const std::function<void(const sdk::Part&, std::istream&)>& onPart) override;

    const std::string& rawPath() const { return _rawPath; }
    // The request's target as sent: the path (percent-encoded) and the query.
    const std::string& target() const { return _request.getURI(); }
    Poco::Net::HTTPServerRequest& poco() { return _request; }
    RequestContext& context() { return _context; }
    void setParams(std::map<std::string, std::string> params) { _params = std::move(params); }
    bool isFormBody() const;
    bool isMultipartBody() const;
    // The value of a multipart form's first field when it is `name` (see LeadingFormField);
    // parts() then streams the fields after it. "" when the first field is another.
    std::string leadingFormField(const std::string& name);
    // Whether reading the body went past the route's limit (a 413).
    bool bodyOverLimit() const { return _body && _body->buffer().exceeded(); }
    // Reads and drops up to `upTo` more bytes of the body, so that a client still
    // sending it reads the answer instead of a reset connection.
    void discardBody(std::size_t upTo);

private:
    Poco::Net::HTTPServerRequest& _request;
    RequestContext& _context;
    std::string _rawPath;
    std::string _path;
    std::map<std::string, std::string> _params;
    mutable std::optional<Poco::Net::NameValueCollection> _cookies;
    mutable std::optional<std::vector<std::pair<std::string, std::string>>> _query;
    std::istringstream _noBody;
    std::unique_ptr<std::istream> _afterLeadingField;
    std::unique_ptr<LimitedInputStream> _body;
    std::unique_ptr<Poco::Net::HTMLForm> _form;
};

// The SDK's Response over Poco's.
class HttpResponse : public sdk::Response
{
public:
    HttpResponse(Poco::Net::HTTPServerResponse& response, RequestContext& context);

    void setStatus(int status) override;
    int status() const override { return static_cast<int>(_response.getStatus()); }
    void setHeader(const std::string& name, const std::string& value) override;
    void setCookie(const std::string& name, const std::string& value,
                   const sdk::CookieOptions& options) override;
    void send(const std::string& contentType, const std::string& body) override;
    void json(const sdk::Value& value) override;
    void redirect(const std::string& location, int status) override;
    std::ostream& stream(const std::string& contentType) override;
    bool sent() const override { return _response.sent(); }

    // Sends a file as the body, streamed from the disk, with its length.
    void sendFile(const std::string& contentType, const std::string& path);
    // Bytes of body sent, or -1 when streamed.
    long long bytesSent() const { return _bytes; }
    Poco::Net::HTTPServerResponse& poco() { return _response; }

private:
    // Runs the context's beforeAnswer once, before the head goes out.
    void beforeHead();

    Poco::Net::HTTPServerResponse& _response;
    RequestContext& _context;
    long long _bytes = 0;
};

} // namespace molar::host
