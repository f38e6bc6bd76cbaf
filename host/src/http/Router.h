#pragma once

#include "molar/sdk/Http.h"

#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <vector>

namespace molar::host {

// The sign-in gates (PasswordChangeGate, TwoFactorGate) hold a signed-in user on one
// page until they are done there. A route the user needs meanwhile (that page, signing
// out, the probes) says which gates let it through, where it is registered.
struct GateExemptions
{
    bool passwordChange = false;
    bool twoFactor = false;
};

struct Route
{
    // Keeps the plugin that made the handler (and so its library) alive while a
    // request holds this route, even after the route was removed. Declared first so
    // that it is released last: members go in reverse order, and the handler's code
    // and captures live in the plugin's library.
    std::shared_ptr<void> keepAlive;
    std::string owner; // plugin name, or "host"
    std::string method;
    std::string pathTemplate;
    sdk::Access access;
    sdk::Handler handler;
    sdk::RouteOptions options;
    GateExemptions exemptFrom;
    std::vector<std::string> segments; // "{name}" for parameters
    int literalCount = 0;
};

struct RouteMatch
{
    enum class Kind
    {
        Found,
        NotFound,
        MethodNotAllowed
    } kind = Kind::NotFound;
    std::shared_ptr<const Route> route;
    std::map<std::string, std::string> params;
    std::vector<std::string> allowedMethods; // for 405's Allow header
};

// The route table: absolute path templates with `{name}` segments, matched by
// segment; where several templates match, the one with more literal segments wins
// ("/cases/new" over "/cases/{id}"). Thread-safe; a match holds its route alive, so
// a route removed while its request runs is freed when that request ends.
class Router
{
public:
    // Throws std::runtime_error for a malformed template or a method and path
    // that is already registered (naming its owner).
    void add(Route route);
    // `path` as the request has it, percent-encoded; parameters come out decoded. A path
    // that is not valid percent-encoding matches nothing (NotFound).
    RouteMatch match(const std::string& method, const std::string& path) const;
    void removeOwner(const std::string& owner);
    std::size_t size() const;
    // "GET /hello/{name} (hello)" lines, for --list-routes and logs.
    std::vector<std::string> describe() const;

private:
    mutable std::shared_mutex _mutex;
    std::vector<std::shared_ptr<const Route>> _routes;
};

std::vector<std::string> splitPath(const std::string& path);

// A route of one of the host's own modules, whose forms are small: 16 KiB bodies.
Route formRoute(const std::string& owner, const std::string& method, const std::string& path,
                sdk::Access access, sdk::Handler handler, std::size_t maxBodyBytes = 16 * 1024);

} // namespace molar::host
