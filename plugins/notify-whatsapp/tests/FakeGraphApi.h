#pragma once

// A local stand-in for the Graph API's POST /v21.0/{phone-number-id}/messages: it
// checks each request's shape as Meta documents it, answers with Meta's success
// or error bodies, remembers what it received, and can be taken down and brought
// back on the same port.
#include <Poco/Net/HTTPServer.h>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace molar::whatsapp::test {

class FakeGraphApi
{
public:
    struct Received
    {
        std::string to;
        std::string templateName;
        std::string language;
        bool hasComponents = false;
        std::vector<std::string> parameters;
        std::string wamid;
        std::string body;
    };

    // A scripted answer for one recipient (digits as in "to").
    struct Script
    {
        int status = 200;
        std::string body;
        int delayMillis = 0;
    };

    FakeGraphApi(std::string phoneNumberId, std::string accessToken);
    ~FakeGraphApi();

    // http://127.0.0.1:<port>/v21.0
    std::string baseUrl() const;

    // Answers `to` with Graph's error body for `code`, and the HTTP status Graph
    // uses for it (401 for 190, 400 for the rest, 130429 included).
    void fail(const std::string& to, long long code, const std::string& message, const std::string& details);
    void script(const std::string& to, Script script);

    void start(); // on the same port after a stop()
    void stop();  // closes the port: connections are refused

    std::vector<Received> received() const;
    std::optional<Received> find(const std::string& wamid) const;
    // Requests that broke the documented shape, one line each.
    std::vector<std::string> problems() const;

    // Graph's error body.
    static std::string errorBody(long long code, const std::string& message, const std::string& details);

    struct State; // shared with the request handlers

private:
    std::shared_ptr<State> _state;
    std::unique_ptr<Poco::Net::HTTPServer> _server;
    unsigned short _port = 0;
};

} // namespace molar::whatsapp::test
