#pragma once

#include "web/FileIntake.h"
#include "web/PageSupport.h"

#include "molar/sdk/Plugin.h"

namespace molar::cases {

// Uploads to a case (multipart forms, with or without script) and downloads.
class FileRoutes
{
public:
    FileRoutes(sdk::Host& host, PageSupport& pages, FileIntake& intake)
        : _host(host), _pages(pages), _intake(intake)
    {
    }
    void registerRoutes(sdk::Routes& routes);

private:
    void upload(sdk::Request& request, sdk::Response& response);
    void download(sdk::Request& request, sdk::Response& response);

    sdk::Host& _host;
    PageSupport& _pages;
    FileIntake& _intake;
};

} // namespace molar::cases
