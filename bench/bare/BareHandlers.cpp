#include "BareHandlers.h"

#include "BareBoardPage.h"
#include "BareCaseList.h"
#include "BareCreditActivity.h"
#include "BareInvoiceList.h"
#include "BareRequest.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <cstdio>
#include <iostream>
#include <string>

using Poco::Net::HTTPResponse;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

namespace molar::bench {

namespace {

std::string jsonString(const std::string& text)
{
    std::string out = "\"";
    for (char c : text) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char escaped[8];
                std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
                out += escaped;
            } else {
                out += c;
            }
        }
    }
    return out + "\"";
}

// The path without its query string.
std::string pathOf(const std::string& uri)
{
    return uri.substr(0, uri.find('?'));
}

class HelloHandler : public Poco::Net::HTTPRequestHandler
{
public:
    void handleRequest(HTTPServerRequest&, HTTPServerResponse& response) override
    {
        answer(response, HTTPResponse::HTTP_OK, "text/plain", "hello\n");
    }
};

class RowHandler : public Poco::Net::HTTPRequestHandler
{
public:
    explicit RowHandler(const BareDatabaseUrl& url) : _url(url) {}

    void handleRequest(HTTPServerRequest& request, HTTPServerResponse& response) override
    {
        const std::string text = pathOf(request.getURI()).substr(5); // after "/row/"
        // Digits only, and few enough to fit an Int64.
        if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
            return answer(response, HTTPResponse::HTTP_BAD_REQUEST, "text/plain", "id must be a number\n");
        const Poco::Int64 id = std::stoll(text);
        std::string name;
        try {
            if (!RowReader::readOnThisThread(_url, id, name))
                return answer(response, HTTPResponse::HTTP_NOT_FOUND, "text/plain", "no such item\n");
        } catch (const Poco::Exception& e) {
            std::cerr << "row " << id << ": " << e.displayText() << std::endl;
            return answer(response, HTTPResponse::HTTP_INTERNAL_SERVER_ERROR, "text/plain",
                          "database error\n");
        } catch (const std::exception& e) {
            std::cerr << "row " << id << ": " << e.what() << std::endl;
            return answer(response, HTTPResponse::HTTP_INTERNAL_SERVER_ERROR, "text/plain",
                          "database error\n");
        }
        answer(response, HTTPResponse::HTTP_OK, "application/json",
               "{\"id\":" + std::to_string(id) + ",\"name\":" + jsonString(name) + "}");
    }

private:
    const BareDatabaseUrl& _url;
};

class StatusHandler : public Poco::Net::HTTPRequestHandler
{
public:
    explicit StatusHandler(HTTPResponse::HTTPStatus status) : _status(status) {}

    void handleRequest(HTTPServerRequest&, HTTPServerResponse& response) override
    {
        answer(response, _status, "text/plain", HTTPResponse::getReasonForStatus(_status) + "\n");
    }

private:
    HTTPResponse::HTTPStatus _status;
};

} // namespace

BareHandlerFactory::BareHandlerFactory(BareDatabaseUrl url, const CaseListSetup* cases)
    : _url(std::move(url)), _cases(cases)
{
}

Poco::Net::HTTPRequestHandler* BareHandlerFactory::createRequestHandler(const HTTPServerRequest& request)
{
    const std::string path = pathOf(request.getURI());
    const bool known = path == "/hello" || path.rfind("/row/", 0) == 0 ||
                       (_cases && (path == "/cases" || path == "/lab/cases" || path == "/billing/invoices" ||
                                   path == "/credits/activity"));
    if (!known)
        return new StatusHandler(HTTPResponse::HTTP_NOT_FOUND);
    if (request.getMethod() != Poco::Net::HTTPRequest::HTTP_GET)
        return new StatusHandler(HTTPResponse::HTTP_METHOD_NOT_ALLOWED);
    if (path == "/hello")
        return new HelloHandler;
    if (path == "/cases")
        return new CaseListHandler(_url, *_cases);
    if (path == "/lab/cases")
        return new LabBoardHandler(_url, *_cases);
    if (path == "/billing/invoices")
        return new InvoiceListHandler(_url, *_cases);
    if (path == "/credits/activity")
        return new CreditActivityHandler(_url, *_cases);
    return new RowHandler(_url);
}

} // namespace molar::bench
