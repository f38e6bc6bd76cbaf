#pragma once

#include "http/Middleware.h"

#include <string>
#include <vector>

namespace molar::host {

// Serves GET and HEAD under `/static/` from a list of folders (the first that has
// the file wins), with a strong ETag (size and modification time), 304 for a
// matching If-None-Match, and Cache-Control max-age. Paths that climb out of a
// folder are refused.
class StaticFilesMiddleware : public Middleware
{
public:
    StaticFilesMiddleware(std::vector<std::string> roots, int maxAgeSeconds);
    void handle(Exchange& exchange, const Next& next) override;
    static std::string contentType(const std::string& extension);

private:
    std::vector<std::string> _roots;
    int _maxAgeSeconds;
};

} // namespace molar::host
