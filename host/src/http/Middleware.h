#pragma once

#include "http/Exchange.h"
#include "http/Router.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace molar::host {

// One request on its way through the middleware chain.
struct Exchange
{
    HttpRequest& request;
    HttpResponse& response;
    RequestContext& context;
    RouteMatch match;
};

using Next = std::function<void()>;

// A step of the chain: call `next` to go on, or answer to stop here.
class Middleware
{
public:
    virtual ~Middleware() = default;
    virtual void handle(Exchange& exchange, const Next& next) = 0;
};

// Answers an error in the form the caller wants: an HTML page for browsers, JSON
// for everything else. The views provide the HTML page.
class ErrorPages
{
public:
    virtual ~ErrorPages() = default;
    virtual void respond(Exchange& exchange, int status, const std::string& message) = 0;
};

// The chain, in the order middleware was added.
class Pipeline
{
public:
    void add(std::unique_ptr<Middleware> middleware) { _chain.push_back(std::move(middleware)); }
    void run(Exchange& exchange) { step(exchange, 0); }

private:
    void step(Exchange& exchange, std::size_t index)
    {
        if (index < _chain.size())
            _chain[index]->handle(exchange, [&] { step(exchange, index + 1); });
    }
    std::vector<std::unique_ptr<Middleware>> _chain;
};

bool wantsHtml(const Exchange& exchange);

} // namespace molar::host
