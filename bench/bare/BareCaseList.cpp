#include "BareCaseList.h"

#include "BareCasePage.h"
#include "BareRequest.h"
#include "BareSignIn.h"

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

// Reads the request; "" when it is fine, else what is wrong with it.
std::string readRequest(const Poco::Net::HTTPServerRequest& http, const CaseListSetup& setup,
                        CasePageRequest& request)
{
    const std::string& uri = http.getURI();
    request.zone = setup.labZone;
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
    request.returnPath = molardAddress("/cases", uri);
    return std::string();
}

} // namespace

void CaseListHandler::handleRequest(Poco::Net::HTTPServerRequest& request,
                                    Poco::Net::HTTPServerResponse& response)
{
    CasePageRequest page;
    const std::string problem = readRequest(request, _setup, page);
    if (!problem.empty())
        return answer(response, HTTPResponse::HTTP_BAD_REQUEST, "text/plain", problem + "\n");

    if (!signedInOwner(_url, request, response, page.query.organizationId))
        return;

    // Destroyed when the server's pool ends the thread, closing its connection.
    thread_local std::unique_ptr<CaseListPage> pages;
    answerPage(
        response, "cases",
        [&] {
            if (!pages)
                pages = std::make_unique<CaseListPage>(_url, _setup);
            return pages->render(page);
        },
        [] { pages.reset(); });
}

} // namespace molar::bench
