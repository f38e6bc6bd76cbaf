#include "http/StandardMiddleware.h"

#include "locale/IcuLocales.h"

#include "molar/sdk/Errors.h"

#include <Poco/Exception.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>
#include <Poco/URI.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cstdio>
#include <limits>
#include <random>
#include <stdexcept>

namespace molar::host {

namespace {

const Poco::Int64 DRAIN_LIMIT_BYTES = 4 * 1024 * 1024;

std::string toHex(const unsigned char* bytes, std::size_t count)
{
    static const char* digits = "0123456789abcdef";
    std::string out;
    out.reserve(count * 2);
    for (std::size_t i = 0; i < count; ++i) {
        out += digits[bytes[i] >> 4];
        out += digits[bytes[i] & 15];
    }
    return out;
}

} // namespace

std::string randomHex(std::size_t bytes)
{
    std::vector<unsigned char> buffer(bytes);
    if (RAND_bytes(buffer.data(), static_cast<int>(bytes)) != 1)
        throw std::runtime_error("the system's random generator failed");
    return toHex(buffer.data(), buffer.size());
}

std::string requestIdentifier()
{
    // Unique enough to find a request in the logs; not a secret, so a per-thread
    // generator seeded once from the system is enough.
    thread_local std::mt19937_64 generator([] {
        std::uint64_t seed = 0;
        RAND_bytes(reinterpret_cast<unsigned char*>(&seed), sizeof(seed));
        return seed;
    }());
    char text[17];
    std::snprintf(text, sizeof(text), "%016llx", static_cast<unsigned long long>(generator()));
    return text;
}

std::string sha256Hex(const std::string& text)
{
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
    return toHex(digest, sizeof(digest));
}

bool wantsHtml(const Exchange& exchange)
{
    return exchange.request.header("Accept").find("text/html") != std::string::npos;
}

void RequestIdMiddleware::handle(Exchange& exchange, const Next& next)
{
    std::string incoming =
        exchange.context.fromTrustedProxy ? exchange.request.header("X-Request-Id") : std::string();
    bool usable = !incoming.empty() && incoming.size() <= 64 &&
                  std::all_of(incoming.begin(), incoming.end(),
                              [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; });
    exchange.context.requestId = usable ? incoming : requestIdentifier();
    exchange.response.setHeader("X-Request-Id", exchange.context.requestId);
    next();
}

ObservabilityMiddleware::ObservabilityMiddleware(MetricsRegistry& metrics, bool accessLog)
    : _metrics(metrics), _accessLog(accessLog), _logger(Poco::Logger::get("access"))
{
}

void ObservabilityMiddleware::handle(Exchange& exchange, const Next& next)
{
    next();
    const auto elapsed = std::chrono::steady_clock::now() - exchange.context.started;
    const double seconds = std::chrono::duration<double>(elapsed).count();
    const int status = exchange.response.status();
    _metrics.observeRequest(exchange.request.method(), exchange.context.routeTemplate, status, seconds);
    if (_accessLog && _logger.information()) {
        const long long bytes = exchange.response.bytesSent();
        char line[512];
        std::snprintf(line, sizeof(line), "%s %s %d %s %.2fms rid=%s", exchange.request.method().c_str(),
                      exchange.context.routeTemplate.c_str(), status,
                      bytes < 0 ? "-" : (std::to_string(bytes) + "B").c_str(), seconds * 1000.0,
                      exchange.context.requestId.c_str());
        _logger.information(line);
    }
}

void SecurityHeadersMiddleware::handle(Exchange& exchange, const Next& next)
{
    auto& r = exchange.response;
    r.setHeader("X-Content-Type-Options", "nosniff");
    r.setHeader("X-Frame-Options", "DENY");
    r.setHeader("Referrer-Policy", "same-origin");
    r.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    r.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    r.setHeader("Content-Security-Policy",
                "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
                "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'");
    if (exchange.context.secure)
        r.setHeader("Strict-Transport-Security", "max-age=31536000");
    next();
}

ErrorBoundaryMiddleware::ErrorBoundaryMiddleware(ErrorPages& pages)
    : _pages(pages), _logger(Poco::Logger::get("http"))
{
}

void ErrorBoundaryMiddleware::handle(Exchange& exchange, const Next& next)
{
    auto answer = [&](int status, const std::string& message) {
        if (exchange.response.sent())
            return;
        try {
            _pages.respond(exchange, status, message);
        } catch (const std::exception& e) {
            _logger.error("error page failed (rid=%s): %s", exchange.context.requestId,
                          std::string(e.what()));
            exchange.response.setStatus(status);
            exchange.response.send("text/plain; charset=utf-8", message + "\n");
        }
    };
    try {
        next();
    } catch (const sdk::HttpError& e) {
        if (e.status() == 413 && exchange.request.bodyOverLimit()) {
            // A body streamed past the route's limit (no Content-Length told in advance):
            // read a modest rest so the client sees the 413, and close the connection.
            try {
                exchange.request.discardBody(static_cast<std::size_t>(DRAIN_LIMIT_BYTES));
            } catch (const std::exception&) {
            }
            exchange.response.poco().setKeepAlive(false);
        }
        answer(e.status(), e.what());
    } catch (const Poco::TimeoutException&) {
        // A client that stopped sending its body within http.timeoutSeconds.
        answer(408, "The request took too long to arrive. Check the connection and send it again.");
    } catch (const Poco::Exception& e) {
        _logger.error("%s %s failed (rid=%s): %s", exchange.request.method(), exchange.request.path(),
                      exchange.context.requestId, e.displayText());
        answer(500, "Something went wrong on our side. Quote request id " + exchange.context.requestId +
                        " if you contact the lab.");
    } catch (const std::exception& e) {
        _logger.error("%s %s failed (rid=%s): %s", exchange.request.method(), exchange.request.path(),
                      exchange.context.requestId, std::string(e.what()));
        answer(500, "Something went wrong on our side. Quote request id " + exchange.context.requestId +
                        " if you contact the lab.");
    }
}

void RoutingMiddleware::handle(Exchange& exchange, const Next& next)
{
    exchange.match = _router.match(exchange.request.method(), exchange.request.rawPath());
    next();
}

void RouteCheckMiddleware::handle(Exchange& exchange, const Next& next)
{
    switch (exchange.match.kind) {
    case RouteMatch::Kind::NotFound:
        throw sdk::HttpError(404, "There is no page at " + exchange.request.path() + ".");
    case RouteMatch::Kind::MethodNotAllowed: {
        std::string allow;
        for (const auto& m : exchange.match.allowedMethods)
            allow += (allow.empty() ? "" : ", ") + m;
        exchange.response.setHeader("Allow", allow);
        throw sdk::HttpError(405, exchange.request.method() + " is not allowed here; use " + allow + ".");
    }
    case RouteMatch::Kind::Found:
        break;
    }
    const Route& route = *exchange.match.route;
    exchange.context.routeTemplate = route.pathTemplate;
    exchange.context.maxBodyBytes = route.options.maxBodyBytes;
    exchange.request.setParams(exchange.match.params);
    auto& poco = exchange.request.poco();
    if (poco.hasContentLength() &&
        poco.getContentLength64() > static_cast<Poco::Int64>(route.options.maxBodyBytes)) {
        // Read a modest body to its end before answering: closing a socket with unread
        // data resets the connection, and the client would never see the 413. A large
        // one is not worth reading; that connection simply closes after the answer.
        if (poco.getContentLength64() <= DRAIN_LIMIT_BYTES)
            poco.stream().ignore(std::numeric_limits<std::streamsize>::max());
        exchange.response.poco().setKeepAlive(false);
        throw sdk::HttpError(413, "The request body is larger than the " +
                                      std::to_string(route.options.maxBodyBytes) +
                                      " bytes this address accepts.");
    }
    next();
}

void SessionMiddleware::handle(Exchange& exchange, const Next& next)
{
    if (_resolver)
        exchange.context.principal = _resolver(exchange.request, exchange.response);
    if (exchange.context.principal) {
        exchange.context.sessionBinding = exchange.request.cookie(_cookie);
        exchange.response.setHeader("Cache-Control", "no-store");
    }
    next();
}

PreferencesMiddleware::PreferencesMiddleware(std::vector<std::string> languages, std::string fallback)
    : _languages(std::move(languages)), _fallback(std::move(fallback))
{
}

std::string PreferencesMiddleware::negotiate(const std::string& acceptLanguage,
                                             const std::vector<std::string>& supported,
                                             const std::string& fallback)
{
    // By language, script and region (ICU's LocaleMatcher): pt-PT reads pt-BR, zh-CN zh-Hans.
    return languageData().bestLanguage(acceptLanguage, supported, fallback);
}

void PreferencesMiddleware::handle(Exchange& exchange, const Next& next)
{
    auto supported = [&](const std::string& lang) {
        return std::find(_languages.begin(), _languages.end(), lang) != _languages.end();
    };
    const auto& principal = exchange.context.principal;
    std::string cookie = exchange.request.cookie("molar_lang");
    // The language picked on this browser wins; the profile's language is the
    // default for a browser that has not picked one (and for messages).
    if (supported(cookie))
        exchange.context.language = cookie;
    else if (principal && supported(principal->language))
        exchange.context.language = principal->language;
    else
        exchange.context.language =
            negotiate(exchange.request.header("Accept-Language"), _languages, _fallback);
    std::string theme = exchange.request.cookie("molar_theme");
    exchange.context.theme = theme == "light" || theme == "dark" ? theme : "system";
    next();
}

bool AccessMiddleware::admits(sdk::Access access, const std::optional<sdk::Principal>& principal)
{
    switch (access) {
    case sdk::Access::Public:
        return true;
    case sdk::Access::SignedIn:
        return principal.has_value();
    case sdk::Access::Clinic:
        return principal && principal->side == "clinic";
    case sdk::Access::Lab:
        return principal && principal->side == "lab";
    case sdk::Access::LabAdmin:
        return principal && principal->side == "lab" && principal->role == "admin";
    }
    return false;
}

void AccessMiddleware::handle(Exchange& exchange, const Next& next)
{
    const auto access = exchange.match.route->access;
    if (!admits(access, exchange.context.principal)) {
        if (!exchange.context.principal) {
            // A person following a link: to the sign-in page, and back here afterwards.
            if (exchange.request.method() == "GET" && wantsHtml(exchange)) {
                std::string target;
                Poco::URI::encode(exchange.request.poco().getURI(), "&=+?#/", target);
                exchange.response.redirect("/sign-in?return=" + target, 303);
                return;
            }
            throw sdk::HttpError(401, "Please sign in to continue.");
        }
        throw sdk::HttpError(403, "Your account does not have access to this page.");
    }
    next();
}

namespace {
bool wellFormedToken(const std::string& token)
{
    return token.size() == 64 && std::all_of(token.begin(), token.end(), [](char c) {
               return std::isxdigit(static_cast<unsigned char>(c));
           });
}
} // namespace

void CsrfTokenMiddleware::handle(Exchange& exchange, const Next& next)
{
    if (exchange.context.principal && !exchange.context.sessionBinding.empty()) {
        exchange.context.csrfToken = sha256Hex("molar-csrf\n" + exchange.context.sessionBinding);
        next();
        return;
    }
    std::string token = exchange.request.cookie(COOKIE);
    // Only pages carry forms: API calls, assets and probes get no token cookie.
    if (!wellFormedToken(token) && wantsHtml(exchange)) {
        token = randomHex(32);
        exchange.response.setCookie(COOKIE, token, sdk::CookieOptions{-1, true, "Lax", "/"});
    }
    exchange.context.csrfToken = token;
    next();
}

void CsrfCheckMiddleware::handle(Exchange& exchange, const Next& next)
{
    const std::string& method = exchange.request.method();
    const bool safe = method == "GET" || method == "HEAD" || method == "OPTIONS";
    if (!safe && exchange.match.route->options.checkCsrf) {
        const std::string& expected = exchange.context.csrfToken;
        std::string sent = exchange.request.header("X-CSRF-Token");
        if (sent.empty() && exchange.request.isFormBody())
            sent = exchange.request.form("_csrf");
        if (sent.empty() && exchange.request.isMultipartBody())
            sent = exchange.request.leadingFormField("_csrf");
        if (!wellFormedToken(expected) || sent.size() != expected.size() ||
            CRYPTO_memcmp(sent.data(), expected.data(), expected.size()) != 0)
            throw sdk::HttpError(
                403,
                "This form has expired or did not come from this site. Reload the page and send it again.");
    }
    next();
}

void DispatchMiddleware::handle(Exchange& exchange, const Next&)
{
    exchange.match.route->handler(exchange.request, exchange.response);
    if (!exchange.response.sent())
        exchange.response.send("text/plain; charset=utf-8", "");
}

} // namespace molar::host
