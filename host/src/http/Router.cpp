#include "http/Router.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <algorithm>
#include <mutex>
#include <set>
#include <stdexcept>

namespace molar::host {

namespace {

bool isParameter(const std::string& segment)
{
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// Two templates collide when every segment pair could match the same path the same way.
bool sameShape(const Route& a, const Route& b)
{
    if (a.segments.size() != b.segments.size())
        return false;
    for (std::size_t i = 0; i < a.segments.size(); ++i) {
        bool pa = isParameter(a.segments[i]), pb = isParameter(b.segments[i]);
        if (pa != pb || (!pa && a.segments[i] != b.segments[i]))
            return false;
    }
    return true;
}

} // namespace

std::vector<std::string> splitPath(const std::string& path)
{
    std::vector<std::string> out;
    std::size_t start = 1;
    while (start <= path.size()) {
        auto end = path.find('/', start);
        if (end == std::string::npos)
            end = path.size();
        if (end > start)
            out.push_back(path.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

Route formRoute(const std::string& owner, const std::string& method, const std::string& path,
                sdk::Access access, sdk::Handler handler, std::size_t maxBodyBytes)
{
    Route route;
    route.owner = owner;
    route.method = method;
    route.pathTemplate = path;
    route.access = access;
    route.handler = std::move(handler);
    route.options.maxBodyBytes = maxBodyBytes;
    return route;
}

void Router::add(Route route)
{
    if (route.pathTemplate.empty() || route.pathTemplate.front() != '/')
        throw std::runtime_error("route path '" + route.pathTemplate + "' must start with /");
    if (!route.handler)
        throw std::runtime_error("route " + route.method + " " + route.pathTemplate + " has no handler");
    route.segments = splitPath(route.pathTemplate);
    std::set<std::string> names;
    for (const auto& segment : route.segments) {
        if (isParameter(segment)) {
            if (!names.insert(segment).second)
                throw std::runtime_error("route path '" + route.pathTemplate + "' repeats parameter " +
                                         segment);
        } else if (segment.find_first_of("{}") != std::string::npos) {
            throw std::runtime_error("route path '" + route.pathTemplate + "' has a malformed segment '" +
                                     segment + "'");
        } else {
            ++route.literalCount;
        }
    }
    std::unique_lock<std::shared_mutex> lock(_mutex);
    for (const auto& existing : _routes)
        if (existing->method == route.method && sameShape(*existing, route))
            throw std::runtime_error("route " + route.method + " " + route.pathTemplate + " of " +
                                     route.owner + " is already registered by " + existing->owner + " as " +
                                     existing->pathTemplate);
    _routes.push_back(std::make_shared<const Route>(std::move(route)));
}

RouteMatch Router::match(const std::string& method, const std::string& path) const
{
    const auto segments = splitPath(path);
    RouteMatch result;
    // A segment that is not valid percent-encoding ("%zz", a lone "%") names no page.
    std::vector<std::string> decoded(segments.size());
    for (std::size_t i = 0; i < segments.size(); ++i) {
        try {
            Poco::URI::decode(segments[i], decoded[i]);
        } catch (const Poco::SyntaxException&) {
            return result;
        }
    }
    std::set<std::string> allowed;
    int best = -1;
    std::shared_lock<std::shared_mutex> lock(_mutex);
    for (const auto& route : _routes) {
        if (route->segments.size() != segments.size())
            continue;
        bool matches = true;
        for (std::size_t i = 0; i < segments.size() && matches; ++i)
            if (!isParameter(route->segments[i]) && route->segments[i] != segments[i])
                matches = false;
        if (!matches)
            continue;
        if (route->method != method && !(method == "HEAD" && route->method == "GET")) {
            allowed.insert(route->method);
            continue;
        }
        if (route->literalCount > best) {
            best = route->literalCount;
            result.route = route;
        }
    }
    if (!result.route) {
        result.kind = allowed.empty() ? RouteMatch::Kind::NotFound : RouteMatch::Kind::MethodNotAllowed;
        result.allowedMethods.assign(allowed.begin(), allowed.end());
        return result;
    }
    result.kind = RouteMatch::Kind::Found;
    for (std::size_t i = 0; i < segments.size(); ++i) {
        const auto& segment = result.route->segments[i];
        if (isParameter(segment))
            result.params[segment.substr(1, segment.size() - 2)] = decoded[i];
    }
    return result;
}

void Router::removeOwner(const std::string& owner)
{
    std::unique_lock<std::shared_mutex> lock(_mutex);
    _routes.erase(
        std::remove_if(_routes.begin(), _routes.end(), [&](const auto& r) { return r->owner == owner; }),
        _routes.end());
}

std::size_t Router::size() const
{
    std::shared_lock<std::shared_mutex> lock(_mutex);
    return _routes.size();
}

std::vector<std::string> Router::describe() const
{
    std::shared_lock<std::shared_mutex> lock(_mutex);
    std::vector<std::string> out;
    for (const auto& r : _routes)
        out.push_back(r->method + " " + r->pathTemplate + " (" + r->owner + ")");
    return out;
}

} // namespace molar::host
