#include "BareRequest.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <iostream>
#include <stdexcept>

namespace molar::bench {

bool isDigits(const std::string& text, std::size_t most)
{
    return !text.empty() && text.size() <= most && text.find_first_not_of("0123456789") == std::string::npos;
}

bool parseCursor(const std::string& text, Poco::Int64& updatedAt, Poco::Int64& id)
{
    const auto dot = text.find('.');
    if (dot == std::string::npos || !isDigits(text.substr(0, dot), 18) || !isDigits(text.substr(dot + 1), 18))
        return false;
    updatedAt = std::stoll(text.substr(0, dot));
    id = std::stoll(text.substr(dot + 1));
    return true;
}

std::string molardAddress(const std::string& path, const std::string& uri)
{
    const auto question = uri.find('?');
    if (question == std::string::npos)
        return path;
    std::string kept;
    std::size_t from = question + 1;
    while (from <= uri.size()) {
        std::size_t end = uri.find('&', from);
        if (end == std::string::npos)
            end = uri.size();
        const std::string part = uri.substr(from, end - from);
        if (!part.empty() && part.rfind("org=", 0) != 0 && part.rfind("zone=", 0) != 0)
            kept += (kept.empty() ? "?" : "&") + part;
        from = end + 1;
    }
    return path + kept;
}

std::string readOwnerPage(const std::string& uri, const std::string& path, const std::string& labZone,
                          OwnerPageRequest& page)
{
    page.zone = labZone;
    page.returnPath = molardAddress(path, uri);
    try {
        for (const auto& [name, value] : Poco::URI(uri).getQueryParameters()) {
            if (name == "org" && isDigits(value, 18))
                page.organizationId = std::stoll(value);
            else if (name == "before" && isDigits(value, 18))
                page.beforeId = std::stoll(value);
            else if (name == "zone")
                page.zone = value;
        }
    } catch (const Poco::SyntaxException&) {
        return "the query string does not parse";
    }
    return page.organizationId == 0 ? "org is required" : "";
}

void answer(Poco::Net::HTTPServerResponse& response, Poco::Net::HTTPResponse::HTTPStatus status,
            const std::string& contentType, const std::string& body)
{
    response.setStatusAndReason(status);
    response.setContentType(contentType);
    response.sendBuffer(body.data(), body.size());
}

void answerPage(Poco::Net::HTTPServerResponse& response, const char* name,
                const std::function<std::string()>& render, const std::function<void()>& forget)
{
    using Poco::Net::HTTPResponse;
    std::string html;
    try {
        html = render();
    } catch (const std::invalid_argument& e) {
        return answer(response, HTTPResponse::HTTP_BAD_REQUEST, "text/plain", std::string(e.what()) + "\n");
    } catch (const Poco::Exception& e) {
        forget();
        std::cerr << name << ": " << e.displayText() << std::endl;
        return answer(response, HTTPResponse::HTTP_INTERNAL_SERVER_ERROR, "text/plain", "database error\n");
    } catch (const std::exception& e) {
        forget();
        std::cerr << name << ": " << e.what() << std::endl;
        return answer(response, HTTPResponse::HTTP_INTERNAL_SERVER_ERROR, "text/plain", "page error\n");
    }
    answer(response, HTTPResponse::HTTP_OK, "text/html; charset=utf-8", html);
}

} // namespace molar::bench
