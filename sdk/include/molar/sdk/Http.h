#pragma once

#include "molar/sdk/Export.h"
#include "molar/sdk/Value.h"

#include <cstddef>
#include <functional>
#include <istream>
#include <optional>
#include <ostream>
#include <string>

namespace molar::sdk {

// Who may call a route. The router refuses everyone else before the handler runs;
// handlers still check that the object they touch belongs to the caller.
enum class Access
{
    Public,   // anyone, signed in or not
    SignedIn, // any active account
    Clinic,   // clinic-side accounts (owner, dentist, staff)
    Lab,      // lab-side accounts (admin, technician, lead, billing)
    LabAdmin, // lab admins only
};

// The caller, when signed in.
struct Principal
{
    std::int64_t userId = 0;
    std::int64_t organizationId = 0; // 0 for lab accounts
    std::string side;                // "clinic" or "lab"
    std::string role;                // owner, dentist, staff, admin, technician, lead, billing
    std::string displayName;
    std::string language;
    std::string timeZone;
    bool mustChangePassword = false; // signed in with a temporary password
};

// One part of a multipart/form-data body, as Request::parts() meets it.
struct Part
{
    std::string name;        // the form field's name
    std::string fileName;    // the file's name for a file field, without folders; "" for other fields
    std::string contentType; // as the client sent it ("model/stl", "image/png"); "" when absent
};

// One HTTP request. Ownership: host owns; valid until the handler returns. Not
// shared between threads.
class MOLAR_SDK_API Request
{
public:
    virtual ~Request();
    Request() = default;
    Request(const Request&) = delete; // interfaces are never copied or moved
    Request& operator=(const Request&) = delete;

    virtual const std::string& method() const = 0;
    virtual const std::string& path() const = 0;
    // The route's template, e.g. "/hello/{name}".
    virtual const std::string& route() const = 0;
    virtual const std::string& requestId() const = 0;
    virtual std::string clientAddress() const = 0;

    // `{name}` segments of the route template, percent-decoded; empty when absent.
    virtual std::string param(const std::string& name) const = 0;
    virtual std::string query(const std::string& name) const = 0;
    virtual std::string header(const std::string& name) const = 0;
    virtual std::string cookie(const std::string& name) const = 0;
    // A field of an application/x-www-form-urlencoded body (read on first use,
    // within the route's body limit); empty when absent.
    virtual std::string form(const std::string& name) = 0;
    // The body as a stream, for uploads: reading past the route's body limit
    // throws HttpError(413). Do not mix with form() or json().
    virtual std::istream& body() = 0;
    // The body parsed as JSON; throws HttpError(400) naming the problem when it is not.
    virtual Value json() = 0;

    // The negotiated language (user choice, cookie, Accept-Language) and theme.
    virtual const std::string& language() const = 0;
    virtual const std::string& theme() const = 0;
    // The caller's principal, when signed in.
    virtual const std::optional<Principal>& principal() const = 0;
    // The token a form must send back in its `_csrf` field.
    virtual const std::string& csrfToken() const = 0;

    // Reads a multipart/form-data body (SDK 1.1) part by part, in order, without
    // holding it in memory: `onPart` gets each part's headers and a stream of its
    // bytes, and whatever it leaves unread is skipped. Called on the request's thread
    // before parts() returns; the stream is valid only during that call. Throws
    // HttpError(400) when the body is not multipart/form-data or is cut short (reading
    // the stream throws it too, so a truncated file is never taken for a whole one),
    // and HttpError(413) past the route's body limit. A form sending a multipart body
    // passes its CSRF token as `?_csrf=` in its action or in the X-CSRF-Token header.
    // Do not mix with form(), json() or body().
    virtual void parts(const std::function<void(const Part&, std::istream&)>& onPart) = 0;
};

struct CookieOptions
{
    int maxAgeSeconds = -1; // -1: session cookie; 0: delete
    bool httpOnly = true;
    std::string sameSite = "Lax";
    std::string path = "/";
};

// The answer. Ownership: host owns; valid until the handler returns.
class MOLAR_SDK_API Response
{
public:
    virtual ~Response();
    Response() = default;
    Response(const Response&) = delete; // interfaces are never copied or moved
    Response& operator=(const Response&) = delete;

    virtual void setStatus(int status) = 0;
    virtual int status() const = 0;
    virtual void setHeader(const std::string& name, const std::string& value) = 0;
    // Secure is added by the host when it serves over TLS or behind a TLS proxy.
    virtual void setCookie(const std::string& name, const std::string& value,
                           const CookieOptions& options) = 0;

    // Sends the whole body at once; call one of send, json, redirect or stream once.
    virtual void send(const std::string& contentType, const std::string& body) = 0;
    virtual void json(const Value& value) = 0;
    virtual void redirect(const std::string& location, int status = 303) = 0;
    // Starts a chunked body; headers and status must be set first.
    virtual std::ostream& stream(const std::string& contentType) = 0;
    virtual bool sent() const = 0;
};

struct RouteOptions
{
    // Largest request body the route reads; larger ones answer 413.
    std::size_t maxBodyBytes = 1024 * 1024;
    // State-changing requests must carry the form's CSRF token; turn off only for
    // callers that cannot have one and prove themselves otherwise (signed webhooks).
    bool checkCsrf = true;
};

using Handler = std::function<void(Request&, Response&)>;

// The route table. Paths are absolute templates: literal segments and `{name}`
// parameters ("/hello/{name}"). A path that exists with another method answers 405;
// a path nobody registered answers 404. Registering a method and path that another
// plugin already registered is refused at start-up.
//
// Ownership: host owns; valid until Plugin::stop() returns. Register from start();
// the host removes the plugin's routes and waits for their requests in flight to
// finish before calling stop().
class MOLAR_SDK_API Routes
{
public:
    virtual ~Routes();
    Routes() = default;
    Routes(const Routes&) = delete; // interfaces are never copied or moved
    Routes& operator=(const Routes&) = delete;
    virtual void add(const std::string& method, const std::string& pathTemplate, Access access,
                     Handler handler, RouteOptions options = {}) = 0;
};

} // namespace molar::sdk
