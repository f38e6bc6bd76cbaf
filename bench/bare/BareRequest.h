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

// Sends the whole answer at once: sendBuffer writes headers and body together.
void answer(Poco::Net::HTTPServerResponse& response, Poco::Net::HTTPResponse::HTTPStatus status,
            const std::string& contentType, const std::string& body);

// Answers with the HTML `render` makes: 400 for the std::invalid_argument it throws (an
// unknown zone), 500 for any other error, after which `forget` drops the thread's page
// (a failed statement may leave its session unusable; the next request reconnects).
void answerPage(Poco::Net::HTTPServerResponse& response, const char* name,
                const std::function<std::string()>& render, const std::function<void()>& forget);

} // namespace molar::bench
