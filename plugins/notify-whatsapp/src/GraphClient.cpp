#include "GraphClient.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <Poco/Timespan.h>

#include <memory>
#include <stdexcept>

namespace molar::whatsapp {

GraphClient::GraphClient(const std::string& baseUrl, int timeoutSeconds)
    : _base(baseUrl), _timeoutSeconds(timeoutSeconds)
{
}

Poco::Net::Context::Ptr GraphClient::tls() const
{
    // Our own client context, so nothing depends on SSLManager having been set up;
    // the peer's certificate is checked against the system's CAs and its name.
    std::call_once(_tlsOnce, [this] {
        _tls = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", "",
                                      Poco::Net::Context::VERIFY_RELAXED, 9, true);
    });
    return _tls;
}

GraphAnswer GraphClient::postJson(const std::string& path, const std::string& bearerToken,
                                  const std::string& json) const
{
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (_base.getScheme() == "https")
        session = std::make_unique<Poco::Net::HTTPSClientSession>(_base.getHost(), _base.getPort(), tls());
    else
        session = std::make_unique<Poco::Net::HTTPClientSession>(_base.getHost(), _base.getPort());
    session->setTimeout(Poco::Timespan(_timeoutSeconds, 0));

    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, _base.getPath() + path,
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    request.setCredentials("Bearer", bearerToken);
    request.setContentType("application/json");
    request.setContentLength(static_cast<std::streamsize>(json.size()));
    request.set("Accept", "application/json");

    try {
        session->sendRequest(request) << json;
        Poco::Net::HTTPResponse response;
        std::istream& in = session->receiveResponse(response);
        GraphAnswer answer;
        answer.status = static_cast<int>(response.getStatus());
        Poco::StreamCopier::copyToString(in, answer.body);
        return answer;
    } catch (const Poco::TimeoutException&) {
        throw std::runtime_error("WhatsApp did not answer within " + std::to_string(_timeoutSeconds) +
                                 " s (" + _base.getHost() + ")");
    } catch (const Poco::Exception& e) {
        // displayText() names the failure (refused, reset, TLS); the request and its
        // Authorization header are not part of it.
        throw std::runtime_error("cannot reach WhatsApp at " + _base.getHost() + ": " + e.displayText());
    }
}

} // namespace molar::whatsapp
