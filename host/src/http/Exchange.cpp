#include "http/Exchange.h"

#include "core/Json.h"
#include "http/LeadingFormField.h"
#include "http/MultipartBody.h"
#include "http/RequestFraming.h"

#include "molar/sdk/Errors.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPCookie.h>
#include <Poco/Net/MediaType.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

namespace molar::host {

HttpRequest::HttpRequest(Poco::Net::HTTPServerRequest& request, RequestContext& context)
    : _request(request), _context(context)
{
    const std::string& uri = request.getURI();
    _rawPath = uri.substr(0, uri.find_first_of("?#"));
    if (_rawPath.empty())
        _rawPath = "/";
    try {
        Poco::URI::decode(_rawPath, _path);
    } catch (const Poco::SyntaxException&) {
        _path = _rawPath; // not valid percent-encoding: no route matches it, so a 404 names it as sent
    }
}

std::string HttpRequest::clientAddress() const
{
    if (!_context.clientAddress.empty())
        return _context.clientAddress;
    return _request.clientAddress().host().toString();
}

std::string HttpRequest::param(const std::string& name) const
{
    auto found = _params.find(name);
    return found == _params.end() ? std::string() : found->second;
}

std::string HttpRequest::query(const std::string& name) const
{
    if (!_query) {
        _query.emplace();
        auto q = _request.getURI().find('?');
        if (q != std::string::npos) {
            try {
                Poco::URI uri("/?" + _request.getURI().substr(q + 1));
                *_query = uri.getQueryParameters();
            } catch (const Poco::Exception&) {
                throw sdk::HttpError(400, "The address has a malformed query string.");
            }
        }
    }
    for (const auto& entry : *_query)
        if (entry.first == name)
            return entry.second;
    return {};
}

std::string HttpRequest::header(const std::string& name) const
{
    return _request.get(name, "");
}

std::string HttpRequest::cookie(const std::string& name) const
{
    if (!_cookies) {
        _cookies.emplace();
        _request.getCookies(*_cookies);
    }
    return _cookies->get(name, "");
}

bool HttpRequest::isFormBody() const
{
    if (!_request.has("Content-Type"))
        return false;
    try {
        Poco::Net::MediaType type(_request.getContentType());
        return type.matches("application", "x-www-form-urlencoded");
    } catch (const Poco::Exception&) {
        return false;
    }
}

std::istream& HttpRequest::body()
{
    if (!_body) {
        // Without Content-Length or chunked coding a request has no body (RFC 9112, 6.3);
        // Poco would read one until the connection closes.
        if (!hasBody(_request))
            _body = std::make_unique<LimitedInputStream>(_noBody, _context.maxBodyBytes);
        else
            _body = std::make_unique<LimitedInputStream>(bodyStream(_request, _context.chunkedBody),
                                                         _context.maxBodyBytes);
    }
    return *_body;
}

bool HttpRequest::isMultipartBody() const
{
    if (!_request.has("Content-Type"))
        return false;
    try {
        return Poco::Net::MediaType(_request.getContentType()).matches("multipart", "form-data");
    } catch (const Poco::Exception&) {
        return false;
    }
}

std::string HttpRequest::leadingFormField(const std::string& name)
{
    std::string value;
    std::string delimiter;
    if (_afterLeadingField ||
        !LeadingFormField::read(body(), _request.get("Content-Type", ""), name, value, delimiter))
        return {};
    _afterLeadingField = std::make_unique<PrefixedInputStream>(delimiter, body());
    return value;
}

void HttpRequest::parts(const std::function<void(const sdk::Part&, std::istream&)>& onPart)
{
    readMultipart(_afterLeadingField ? *_afterLeadingField : body(), _request.get("Content-Type", ""),
                  onPart);
}

void HttpRequest::discardBody(std::size_t upTo)
{
    bodyStream(_request, _context.chunkedBody).ignore(static_cast<std::streamsize>(upTo));
}

sdk::Value HttpRequest::json()
{
    std::string text;
    Poco::StreamCopier::copyToString(body(), text);
    try {
        return fromJson(text);
    } catch (const std::invalid_argument& e) {
        throw sdk::HttpError(400, std::string("The request body is not valid JSON (") + e.what() + ").");
    }
}

std::string HttpRequest::form(const std::string& name)
{
    if (!_form) {
        _form = std::make_unique<Poco::Net::HTMLForm>();
        if (_request.getMethod() != "GET" && _request.getMethod() != "HEAD" && isFormBody()) {
            try {
                _form->read(body());
            } catch (const sdk::HttpError&) {
                throw;
            } catch (const Poco::Exception& e) {
                throw sdk::HttpError(400, "The form could not be read: " + e.message());
            }
        }
    }
    return _form->get(name, "");
}

HttpResponse::HttpResponse(Poco::Net::HTTPServerResponse& response, RequestContext& context)
    : _response(response), _context(context)
{
}

void HttpResponse::beforeHead()
{
    if (_context.beforeAnswer) {
        auto settle = std::move(_context.beforeAnswer);
        _context.beforeAnswer = nullptr;
        settle();
    }
}

void HttpResponse::setStatus(int status)
{
    _response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
}

void HttpResponse::setHeader(const std::string& name, const std::string& value)
{
    _response.set(name, value);
}

void HttpResponse::setCookie(const std::string& name, const std::string& value,
                             const sdk::CookieOptions& options)
{
    Poco::Net::HTTPCookie cookie(name, value);
    cookie.setPath(options.path);
    cookie.setHttpOnly(options.httpOnly);
    cookie.setSecure(_context.secure);
    if (options.maxAgeSeconds >= 0)
        cookie.setMaxAge(options.maxAgeSeconds);
    if (options.sameSite == "Strict")
        cookie.setSameSite(Poco::Net::HTTPCookie::SAME_SITE_STRICT);
    else if (options.sameSite == "None")
        cookie.setSameSite(Poco::Net::HTTPCookie::SAME_SITE_NONE);
    else
        cookie.setSameSite(Poco::Net::HTTPCookie::SAME_SITE_LAX);
    _response.addCookie(cookie);
}

void HttpResponse::send(const std::string& contentType, const std::string& body)
{
    if (_response.sent())
        return;
    _response.setContentType(contentType);
    _response.setContentLength64(static_cast<Poco::Int64>(body.size()));
    _bytes = static_cast<long long>(body.size());
    beforeHead();
    _response.sendBuffer(body.data(), body.size());
}

void HttpResponse::sendFile(const std::string& contentType, const std::string& path)
{
    if (_response.sent())
        return;
    beforeHead();
    _response.sendFile(path, contentType);
    _bytes = static_cast<long long>(_response.getContentLength64());
}

void HttpResponse::json(const sdk::Value& value)
{
    send("application/json; charset=utf-8", toJson(value));
}

void HttpResponse::redirect(const std::string& location, int status)
{
    setStatus(status);
    _response.set("Location", location);
    send("text/plain; charset=utf-8", "");
}

std::ostream& HttpResponse::stream(const std::string& contentType)
{
    _response.setContentType(contentType);
    _response.setChunkedTransferEncoding(true);
    _bytes = -1;
    beforeHead();
    return _response.send();
}

} // namespace molar::host
