#pragma once

#include "core/MetricsRegistry.h"
#include "http/Middleware.h"

#include "molar/sdk/Http.h"

#include <Poco/Logger.h>

#include <functional>
#include <optional>

namespace molar::host {

// Gives each request an id (X-Request-Id), echoed in the answer and the logs; the
// one a trusted proxy sends is kept, so its log and ours agree.
class RequestIdMiddleware : public Middleware
{
public:
    void handle(Exchange& exchange, const Next& next) override;
};

// One access-log line and one metrics observation per request.
class ObservabilityMiddleware : public Middleware
{
public:
    ObservabilityMiddleware(MetricsRegistry& metrics, bool accessLog);
    void handle(Exchange& exchange, const Next& next) override;

private:
    MetricsRegistry& _metrics;
    bool _accessLog;
    Poco::Logger& _logger;
};

// Headers every answer carries: no sniffing, no framing, a strict CSP.
class SecurityHeadersMiddleware : public Middleware
{
public:
    void handle(Exchange& exchange, const Next& next) override;
};

// Turns exceptions from the rest of the chain into error answers: HttpError keeps
// its status and message; anything else is a logged 500 quoting the request id.
class ErrorBoundaryMiddleware : public Middleware
{
public:
    explicit ErrorBoundaryMiddleware(ErrorPages& pages);
    void handle(Exchange& exchange, const Next& next) override;

private:
    ErrorPages& _pages;
    Poco::Logger& _logger;
};

// Finds the route (exchange.match) and answers nothing, so that the sign-in gates after
// it can ask the route whether it lets a held user through; RouteCheckMiddleware
// answers for a request that found none.
class RoutingMiddleware : public Middleware
{
public:
    explicit RoutingMiddleware(const Router& router) : _router(router) {}
    void handle(Exchange& exchange, const Next& next) override;

private:
    const Router& _router;
};

// 404 and 405 for a request that found no route, and the route's body limit checked
// against Content-Length before anything reads the body (413).
class RouteCheckMiddleware : public Middleware
{
public:
    void handle(Exchange& exchange, const Next& next) override;
};

// Resolves the caller from the session cookie. The accounts module installs the
// resolver; without one every caller is anonymous. A signed-in caller's answers are
// never stored by browsers or proxies (Cache-Control: no-store).
class SessionMiddleware : public Middleware
{
public:
    explicit SessionMiddleware(std::string sessionCookie = "molar_session")
        : _cookie(std::move(sessionCookie))
    {
    }
    using Resolver = std::function<std::optional<sdk::Principal>(sdk::Request&, sdk::Response&)>;
    void setResolver(Resolver resolver) { _resolver = std::move(resolver); }
    void handle(Exchange& exchange, const Next& next) override;

private:
    std::string _cookie;
    Resolver _resolver;
};

// Language (account, cookie, Accept-Language) and theme (cookie) for the request.
class PreferencesMiddleware : public Middleware
{
public:
    PreferencesMiddleware(std::vector<std::string> languages, std::string fallback);
    void handle(Exchange& exchange, const Next& next) override;
    static std::string negotiate(const std::string& acceptLanguage, const std::vector<std::string>& supported,
                                 const std::string& fallback);

private:
    std::vector<std::string> _languages;
    std::string _fallback;
};

// Refuses callers the route's access level does not admit.
class AccessMiddleware : public Middleware
{
public:
    void handle(Exchange& exchange, const Next& next) override;
    static bool admits(sdk::Access access, const std::optional<sdk::Principal>& principal);
};

// CSRF protection, part one: the token forms carry, made before routing so that even
// error pages have it. Signed in, it is derived from the session (a hash of its
// secret), so it changes at every sign-in and dies with the session; signed out, it
// is a random token in a cookie (double submit).
class CsrfTokenMiddleware : public Middleware
{
public:
    static constexpr const char* COOKIE = "molar_csrf";
    void handle(Exchange& exchange, const Next& next) override;
};

// Part two, after routing: every state-changing request must echo the token in
// the X-CSRF-Token header, the `_csrf` form field, or (multipart forms) the form's
// first field `_csrf`, unless its route opted out. Never in the address, where logs
// and Referer headers would keep it.
class CsrfCheckMiddleware : public Middleware
{
public:
    void handle(Exchange& exchange, const Next& next) override;
};

// Calls the route's handler.
class DispatchMiddleware : public Middleware
{
public:
    void handle(Exchange& exchange, const Next& next) override;
};

// Random bytes from OpenSSL as hex: for secrets (tokens, session ids).
std::string randomHex(std::size_t bytes);
// SHA-256 as hex.
std::string sha256Hex(const std::string& text);
// A request id for logs: random but not secret.
std::string requestIdentifier();

} // namespace molar::host
