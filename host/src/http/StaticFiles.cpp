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

StaticFilesMiddleware::StaticFilesMiddleware(std::vector<std::string> roots, int maxAgeSeconds,
                                             std::map<std::string, std::string> pluginRoots)
    : _roots(std::move(roots)), _maxAgeSeconds(maxAgeSeconds), _pluginRoots(std::move(pluginRoots))
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
                                                          {"map", "application/json"},
                                                          {"wasm", "application/wasm"},
                                                          {"stl", "model/stl"}};
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
    const std::string file = find(relative);
    if (file.empty())
        throw sdk::HttpError(404, "There is no file at " + path + ".");
    Poco::File info(file);
    std::ostringstream tag;
    tag << '"' << std::hex << info.getSize() << '-' << info.getLastModified().epochMicroseconds() << '"';
    auto& response = exchange.response;
    response.setHeader("ETag", tag.str());
    response.setHeader("Cache-Control", "public, max-age=" + std::to_string(_maxAgeSeconds));
    if (exchange.request.header("If-None-Match") == tag.str()) {
        response.setStatus(304);
        response.poco().setContentLength(0);
        response.poco().send();
        return;
    }
    response.sendFile(contentType(Poco::Path(relative).getExtension()), file);
}

std::string StaticFilesMiddleware::find(const std::string& relative) const
{
    auto isFile = [](const Poco::Path& path) {
        Poco::File file(path);
        return file.exists() && file.isFile();
    };
    for (const auto& root : _roots) {
        Poco::Path path(root, relative);
        if (isFile(path))
            return path.toString();
    }
    const auto slash = relative.find('/');
    if (slash == std::string::npos)
        return {};
    auto plugin = _pluginRoots.find(relative.substr(0, slash));
    if (plugin == _pluginRoots.end())
        return {};
    Poco::Path path(plugin->second, relative.substr(slash + 1));
    return isFile(path) ? path.toString() : std::string();
}

} // namespace molar::host
