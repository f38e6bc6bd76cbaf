#include "BareCaseList.h"

#include "BareCasePage.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/URI.h>

#include <iostream>
#include <memory>
#include <stdexcept>

using Poco::Net::HTTPResponse;

namespace molar::bench {

namespace {

bool isDigits(const std::string& text, std::size_t most)
{
    return !text.empty() && text.size() <= most && text.find_first_not_of("0123456789") == std::string::npos;
}

// "<updatedAt>.<id>", as the list's Next page links carry it.
bool parseCursor(const std::string& text, Poco::Int64& updatedAt, Poco::Int64& id)
{
    const auto dot = text.find('.');
    if (dot == std::string::npos || !isDigits(text.substr(0, dot), 18) || !isDigits(text.substr(dot + 1), 18))
        return false;
    updatedAt = std::stoll(text.substr(0, dot));
    id = std::stoll(text.substr(dot + 1));
    return true;
}

// Reads the request; "" when it is fine, else what is wrong with it.
std::string readRequest(const Poco::Net::HTTPServerRequest& http, const CaseListSetup& setup,
                        CasePageRequest& request)
{
    const std::string& uri = http.getURI();
    const auto question = uri.find('?');
    request.zone = setup.labZone;
    request.returnPath = "/cases";
    bool hasOrganization = false;
    Poco::URI::QueryParameters parameters;
    try {
        parameters = Poco::URI(uri).getQueryParameters();
    } catch (const Poco::SyntaxException&) {
        return "the query string does not parse";
    }
    for (const auto& [name, value] : parameters) {
        if (name == "org") {
            if (!isDigits(value, 18))
                return "org must be an organization id";
            request.query.organizationId = std::stoll(value);
            hasOrganization = true;
        } else if (name == "after") {
            if (!parseCursor(value, request.query.afterUpdatedAt, request.query.afterId))
                return "after must read <updatedAt>.<id>";
        } else if (name == "status") {
            if (value.empty() || value.size() > 64 ||
                value.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos)
                return "status must be a stage name";
            request.status = value;
        } else if (name == "zone") {
            request.zone = value;
        }
    }
    if (!hasOrganization)
        return "org is required";
    if (!request.status.empty()) {
        request.query.stage = request.status;
        request.query.stageStatuses = setup.statusesOf(request.status);
    }
    // The page's own address as molard sees it: without the bare server's org and zone.
    if (question != std::string::npos) {
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
        request.returnPath += kept;
    }
    return std::string();
}

void answer(Poco::Net::HTTPServerResponse& response, HTTPResponse::HTTPStatus status,
            const std::string& contentType, const std::string& body)
{
    response.setStatusAndReason(status);
    response.setContentType(contentType);
    // sendBuffer sets Content-Length and writes headers and body together.
    response.sendBuffer(body.data(), body.size());
}

} // namespace

void CaseListHandler::handleRequest(Poco::Net::HTTPServerRequest& request,
                                    Poco::Net::HTTPServerResponse& response)
{
    CasePageRequest page;
    const std::string problem = readRequest(request, _setup, page);
    if (!problem.empty())
        return answer(response, HTTPResponse::HTTP_BAD_REQUEST, "text/plain", problem + "\n");

    // Destroyed when the server's pool ends the thread, closing its connection.
    thread_local std::unique_ptr<CaseListPage> pages;
    std::string html;
    try {
        if (!pages)
            pages = std::make_unique<CaseListPage>(_url, _setup);
        html = pages->render(page);
    } catch (const std::invalid_argument& e) {
        return answer(response, HTTPResponse::HTTP_BAD_REQUEST, "text/plain", std::string(e.what()) + "\n");
    } catch (const Poco::Exception& e) {
        // A failed statement may leave the session unusable; reconnect next time.
        pages.reset();
        std::cerr << "cases: " << e.displayText() << std::endl;
        return answer(response, HTTPResponse::HTTP_INTERNAL_SERVER_ERROR, "text/plain", "database error\n");
    } catch (const std::exception& e) {
        pages.reset();
        std::cerr << "cases: " << e.what() << std::endl;
        return answer(response, HTTPResponse::HTTP_INTERNAL_SERVER_ERROR, "text/plain", "page error\n");
    }
    answer(response, HTTPResponse::HTTP_OK, "text/html; charset=utf-8", html);
}

} // namespace molar::bench
