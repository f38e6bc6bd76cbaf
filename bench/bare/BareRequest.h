#pragma once

#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Types.h>

#include <functional>
#include <string>

namespace molar::bench {

// What the bare server's handlers share in reading requests and answering them.

// Digits only, at most `most` of them.
bool isDigits(const std::string& text, std::size_t most);

// "<updatedAt>.<id>", as the lists' Next page links carry it.
bool parseCursor(const std::string& text, Poco::Int64& updatedAt, Poco::Int64& id);

// The page's own address as molard sees it: `path` and the request's query string
// without the parameters only the bare server takes (org=, zone=).
std::string molardAddress(const std::string& path, const std::string& uri);

// What a clinic owner's page of the bare server is asked for:
// ?org=<organization id>[&before=<id>][&zone=<IANA zone>], where molard takes the
// organization and the zone from the session.
struct OwnerPageRequest
{
    Poco::Int64 organizationId = 0;
    Poco::Int64 beforeId = 0; // 0: the newest
    std::string zone;         // the lab's when not given
    std::string returnPath;   // the address molard would have: `path` and its own parameters
};

// Reads an OwnerPageRequest for the page at `path`; "" when it is fine, else what is wrong.
std::string readOwnerPage(const std::string& uri, const std::string& path, const std::string& labZone,
                          OwnerPageRequest& page);

// Sends the whole answer at once: sendBuffer writes headers and body together.
void answer(Poco::Net::HTTPServerResponse& response, Poco::Net::HTTPResponse::HTTPStatus status,
            const std::string& contentType, const std::string& body);

// Answers with the HTML `render` makes: 400 for the std::invalid_argument it throws (an
// unknown zone), 500 for any other error, after which `forget` drops the thread's page
// (a failed statement may leave its session unusable; the next request reconnects).
void answerPage(Poco::Net::HTTPServerResponse& response, const char* name,
                const std::function<std::string()>& render, const std::function<void()>& forget);

} // namespace molar::bench
