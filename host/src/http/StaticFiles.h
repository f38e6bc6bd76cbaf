#pragma once

#include "http/Middleware.h"

#include <map>
#include <string>
#include <vector>

namespace molar::host {

// Serves GET and HEAD under `/static/` from a list of folders (the first that has
// the file wins), then `/static/<plugin>/<file>` from the `static/` folder of each
// plugin given, with a strong ETag (size and modification time), 304 for a
// matching If-None-Match, and Cache-Control max-age. Paths that climb out of a
// folder are refused.
class StaticFilesMiddleware : public Middleware
{
public:
    // `pluginRoots`: plugin name -> its static folder.
    StaticFilesMiddleware(std::vector<std::string> roots, int maxAgeSeconds,
                          std::map<std::string, std::string> pluginRoots = {});
    void handle(Exchange& exchange, const Next& next) override;
    static std::string contentType(const std::string& extension);

private:
    // The file to serve for a path below /static/, or "" when there is none.
    std::string find(const std::string& relative) const;

    std::vector<std::string> _roots;
    int _maxAgeSeconds;
    std::map<std::string, std::string> _pluginRoots;
};

} // namespace molar::host
