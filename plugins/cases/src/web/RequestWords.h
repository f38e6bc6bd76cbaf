#pragma once

#include "web/PageSupport.h"
#include "web/Words.h"

namespace molar::cases {

// The words of the request's viewer, from the plugin's catalogs.
class RequestWords : public Words
{
public:
    RequestWords(const PageSupport& pages, const sdk::Request& request) : _pages(pages), _request(request) {}

    std::string t(const std::string& key) const override { return _pages.t(_request, key); }
    std::string label(const std::string& prefix, const std::string& code) const override
    {
        return _pages.label(_request, prefix, code);
    }
    std::string name(const std::string& key, const std::string& configured) const override
    {
        return _pages.configuredName(_request, key, configured);
    }

private:
    const PageSupport& _pages;
    const sdk::Request& _request;
};

} // namespace molar::cases
