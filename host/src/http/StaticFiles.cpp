#include "http/StaticFiles.h"

#include "molar/sdk/Errors.h"

#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Path.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>

#include <map>
#include <sstream>

namespace molar::host {

namespace {
const std::string PREFIX = "/static/";
}

StaticFilesMiddleware::StaticFilesMiddleware(std::vector<std::string> roots, int maxAgeSeconds)
    : _roots(std::move(roots)), _maxAgeSeconds(maxAgeSeconds)
{
}

std::string StaticFilesMiddleware::contentType(const std::string& extension)
{
    static const std::map<std::string, std::string> types{{"css", "text/css; charset=utf-8"},
                                                          {"js", "text/javascript; charset=utf-8"},
                                                          {"mjs", "text/javascript; charset=utf-8"},
                                                          {"svg", "image/svg+xml"},
                                                          {"png", "image/png"},
                                                          {"jpg", "image/jpeg"},
                                                          {"ico", "image/x-icon"},
                                                          {"woff2", "font/woff2"},
                                                          {"json", "application/json"},
                                                          {"txt", "text/plain; charset=utf-8"},
                                                          {"map", "application/json"}};
    auto found = types.find(Poco::toLower(extension));
    return found == types.end() ? "application/octet-stream" : found->second;
}

void StaticFilesMiddleware::handle(Exchange& exchange, const Next& next)
{
    const std::string& path = exchange.request.path();
    const std::string& method = exchange.request.method();
    if (path.rfind(PREFIX, 0) != 0 || (method != "GET" && method != "HEAD")) {
        next();
        return;
    }
    exchange.context.routeTemplate = "/static/*";
    const std::string relative = path.substr(PREFIX.size());
    if (relative.empty() || relative.find("..") != std::string::npos ||
        relative.find('\\') != std::string::npos || relative.find('\0') != std::string::npos)
        throw sdk::HttpError(404, "There is no file at " + path + ".");
    for (const auto& root : _roots) {
        Poco::File file(Poco::Path(root, relative));
        if (!file.exists() || !file.isFile())
            continue;
        std::ostringstream tag;
        tag << '"' << std::hex << file.getSize() << '-' << file.getLastModified().epochMicroseconds() << '"';
        auto& response = exchange.response;
        response.setHeader("ETag", tag.str());
        response.setHeader("Cache-Control", "public, max-age=" + std::to_string(_maxAgeSeconds));
        if (exchange.request.header("If-None-Match") == tag.str()) {
            response.setStatus(304);
            response.poco().setContentLength(0);
            response.poco().send();
            return;
        }
        Poco::FileInputStream in(file.path());
        std::string body;
        Poco::StreamCopier::copyToString(in, body);
        response.send(contentType(Poco::Path(relative).getExtension()), body);
        return;
    }
    throw sdk::HttpError(404, "There is no file at " + path + ".");
}

} // namespace molar::host
