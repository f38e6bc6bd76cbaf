#pragma once

#include "http/Middleware.h"
#include "views/ViewEngine.h"

namespace molar::host {

// Error answers: the host/pages/error page for browsers, {"error": {...}} for the rest.
class HtmlErrorPages : public ErrorPages
{
public:
    explicit HtmlErrorPages(ViewEngine& views) : _views(views) {}
    void respond(Exchange& exchange, int status, const std::string& message) override;

private:
    std::string pageMessage(int status, const std::string& message, const std::string& language) const;

    ViewEngine& _views;
};

} // namespace molar::host
