// Router::match over the portal's route shapes (the host's and the plugins'), with a
// fuzzed method and request path. A match has the path's literal segments and its
// percent-decoded parameters, and no matching route has more literal segments; 404
// and 405 only when no route of that method has the path's shape.
#include "FuzzCheck.h"

#include "http/Router.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

using namespace molar::host;

namespace {

const char* const METHODS[] = {"GET", "POST", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS", "get"};

// Route templates as the host and the plugins register them.
const char* const ROUTES[] = {
    "GET /",
    "GET /healthz",
    "GET /readyz",
    "GET /metrics",
    "GET /privacy",
    "GET /sign-in",
    "POST /sign-in",
    "GET /sign-in/verify",
    "POST /sign-in/verify",
    "POST /sign-out",
    "GET /register",
    "POST /register",
    "GET /register/done",
    "GET /password/forgot",
    "POST /password/forgot",
    "GET /password/reset/{token}",
    "POST /password/reset/{token}",
    "GET /account/password",
    "POST /account/password",
    "POST /prefs/language",
    "POST /prefs/theme",
    "GET /cases",
    "GET /cases/new",
    "POST /cases/new",
    "GET /cases/dashboard",
    "GET /cases/{id}",
    "GET /cases/{id}/delete",
    "POST /cases/{id}/delete",
    "GET /cases/{id}/edit/{step}",
    "POST /cases/{id}/edit/{step}",
    "GET /cases/{id}/files/{file}",
    "POST /cases/{id}/files",
    "POST /cases/{id}/messages",
    "POST /cases/{id}/move",
    "POST /cases/{id}/assign",
    "POST /cases/{id}/actions/{action}",
    "GET /cases/{id}/submit",
    "POST /cases/{id}/submit",
    "GET /lab/cases",
    "GET /track",
    "GET /track/{number}",
    "GET /billing/quotes/{id}",
    "POST /billing/quotes/{id}/accept",
    "POST /billing/quotes/{id}/decline",
    "GET /billing/price-list",
    "GET /billing/invoices",
    "GET /billing/invoices/{id}",
    "POST /billing/invoices/{id}/pay",
    "GET /billing/payment-methods",
    "POST /billing/payment-methods",
    "GET /billing/payment-methods/{setupId}",
    "POST /billing/payment-methods/{id}/default",
    "POST /billing/payment-methods/{id}/remove",
    "GET /lab/billing",
    "GET /lab/billing/disputes",
    "GET /lab/billing/price-lists",
    "POST /lab/billing/price-lists",
    "GET /lab/billing/invoices",
    "GET /lab/billing/invoices/{id}",
    "GET /lab/billing/invoices/{id}/draft",
    "POST /lab/billing/invoices/{id}/draft/adjustments",
    "POST /lab/billing/invoices/{id}/draft/issue",
    "POST /lab/billing/invoices/{id}/draft/lines/{lineId}/remove",
    "POST /lab/billing/invoices/{id}/void",
    "POST /lab/billing/invoices/{id}/refunds",
    "GET /pricing",
    "GET /credits",
    "POST /credits/auto-top-up",
    "GET /lab/credits",
    "POST /lab/credits/{organizationId}",
    "GET /lab/payments/bank",
    "POST /lab/payments/bank/imports",
    "GET /lab/payments/bank/imports/{id}",
    "GET /lab/payments/bank/references/{reference}",
    "POST /lab/payments/bank/references/{reference}/receipts",
    "GET /payments/razorpay/checkout/{attemptId}",
    "POST /payments/razorpay/callback",
    "POST /payments/stripe/webhook",
};

Router router;
std::vector<Route> routes; // the same, to check a match against

bool isParameter(const std::string& segment)
{
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool shapeMatches(const Route& route, const std::vector<std::string>& segments)
{
    const auto templateSegments = splitPath(route.pathTemplate);
    if (templateSegments.size() != segments.size())
        return false;
    for (std::size_t i = 0; i < segments.size(); ++i)
        if (!isParameter(templateSegments[i]) && templateSegments[i] != segments[i])
            return false;
    return true;
}

int literalCount(const Route& route)
{
    int count = 0;
    for (const auto& segment : splitPath(route.pathTemplate))
        count += isParameter(segment) ? 0 : 1;
    return count;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    for (const char* line : ROUTES) {
        const std::string text(line);
        const auto space = text.find(' ');
        Route route;
        route.owner = "portal";
        route.method = text.substr(0, space);
        route.pathTemplate = text.substr(space + 1);
        route.access = molar::sdk::Access::Public;
        route.handler = [](molar::sdk::Request&, molar::sdk::Response&) {};
        routes.push_back(route);
        router.add(route);
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 1)
        return 0;
    const std::string method = METHODS[data[0] % (sizeof(METHODS) / sizeof(METHODS[0]))];
    // As HttpRequest takes the path from the request target: up to '?' or '#', "/" if empty.
    const std::string target(reinterpret_cast<const char*>(data) + 1, size - 1);
    std::string path = target.substr(0, target.find_first_of("?#"));
    if (path.empty())
        path = "/";

    const RouteMatch match = router.match(method, path);
    const auto segments = splitPath(path);
    for (const auto& segment : segments) {
        std::string decoded;
        try {
            Poco::URI::decode(segment, decoded);
        } catch (const Poco::SyntaxException&) {
            MOLAR_FUZZ_CHECK(match.kind == RouteMatch::Kind::NotFound,
                             "a path Poco cannot decode names no page");
            return 0;
        }
    }
    int best = -1;
    std::vector<std::string> allowed;
    for (const auto& route : routes) {
        if (!shapeMatches(route, segments))
            continue;
        if (route.method == method || (method == "HEAD" && route.method == "GET"))
            best = std::max(best, literalCount(route));
        else
            allowed.push_back(route.method);
    }
    switch (match.kind) {
    case RouteMatch::Kind::Found: {
        MOLAR_FUZZ_CHECK(match.route != nullptr, "a match has its route");
        const Route& route = *match.route;
        MOLAR_FUZZ_CHECK(route.method == method || (method == "HEAD" && route.method == "GET"),
                         "the route is for the request's method");
        MOLAR_FUZZ_CHECK(shapeMatches(route, segments), "the route has the path's literal segments");
        MOLAR_FUZZ_CHECK(route.literalCount == best, "no matching route has more literal segments");
        const auto templateSegments = splitPath(route.pathTemplate);
        std::size_t parameters = 0;
        for (std::size_t i = 0; i < segments.size(); ++i) {
            if (!isParameter(templateSegments[i]))
                continue;
            ++parameters;
            const std::string name = templateSegments[i].substr(1, templateSegments[i].size() - 2);
            std::string decoded;
            Poco::URI::decode(segments[i], decoded);
            MOLAR_FUZZ_CHECK(match.params.count(name) == 1 && match.params.at(name) == decoded,
                             "a parameter is its segment, percent-decoded");
        }
        MOLAR_FUZZ_CHECK(match.params.size() == parameters, "one value per parameter");
        break;
    }
    case RouteMatch::Kind::MethodNotAllowed:
        MOLAR_FUZZ_CHECK(best < 0 && !allowed.empty(), "405 when only other methods have the path");
        for (const auto& other : match.allowedMethods)
            MOLAR_FUZZ_CHECK(std::find(allowed.begin(), allowed.end(), other) != allowed.end(),
                             "Allow names methods that have the path");
        break;
    case RouteMatch::Kind::NotFound:
        MOLAR_FUZZ_CHECK(best < 0 && allowed.empty(), "404 when no route has the path");
        break;
    }
    return 0;
}
