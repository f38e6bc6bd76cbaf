#include "StripeClient.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <Poco/Timespan.h>

#include <chrono>
#include <memory>
#include <thread>

namespace molar::paystripe {

namespace {

// 409s retried at most this many times, waiting 100 ms, 200 ms, 400 ms, ...
constexpr int conflictRetries = 5;

} // namespace

StripeClient::StripeClient(const StripeSettings& settings)
    : _base(settings.apiBase), _basePath(_base.getPath()), _secretKey(settings.secretKey),
      _apiVersion(settings.apiVersion), _timeoutSeconds(settings.timeoutSeconds)
{
    while (!_basePath.empty() && _basePath.back() == '/')
        _basePath.pop_back();
}

Poco::Net::Context::Ptr StripeClient::tls() const
{
    // Our own client context, so nothing depends on SSLManager having been set up;
    // the peer's certificate is checked against the system's CAs and its name.
    std::call_once(_tlsOnce, [this] {
        _tls = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", "",
                                      Poco::Net::Context::VERIFY_RELAXED, 9, true);
    });
    return _tls;
}

StripeAnswer StripeClient::get(const std::string& path, const FormBody& query) const
{
    return send(Poco::Net::HTTPRequest::HTTP_GET, query.empty() ? path : path + "?" + query.encoded(), "",
                "");
}

StripeAnswer StripeClient::post(const std::string& path, const FormBody& body,
                                const std::string& idempotencyKey) const
{
    const std::string encoded = body.encoded();
    StripeAnswer answer = send(Poco::Net::HTTPRequest::HTTP_POST, path, encoded, idempotencyKey);
    for (int retry = 0;
         retry < conflictRetries && answer.status == 409 && answer.error.type != "idempotency_error";
         ++retry) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100 << retry));
        answer = send(Poco::Net::HTTPRequest::HTTP_POST, path, encoded, idempotencyKey);
    }
    return answer;
}

StripeAnswer StripeClient::send(const std::string& method, const std::string& pathAndQuery,
                                const std::string& body, const std::string& idempotencyKey) const
{
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (_base.getScheme() == "https")
        session = std::make_unique<Poco::Net::HTTPSClientSession>(_base.getHost(), _base.getPort(), tls());
    else
        session = std::make_unique<Poco::Net::HTTPClientSession>(_base.getHost(), _base.getPort());
    session->setTimeout(Poco::Timespan(_timeoutSeconds, 0));

    Poco::Net::HTTPRequest request(method, _basePath + pathAndQuery, Poco::Net::HTTPMessage::HTTP_1_1);
    request.setCredentials("Bearer", _secretKey);
    request.set("Stripe-Version", _apiVersion);
    request.set("Accept", "application/json");
    request.set("User-Agent", "molar-pay-stripe/1.0");
    if (method == Poco::Net::HTTPRequest::HTTP_POST) {
        request.set("Idempotency-Key", idempotencyKey);
        request.setContentType("application/x-www-form-urlencoded");
        request.setContentLength(static_cast<std::streamsize>(body.size()));
    }

    const std::string where = method + " " + pathAndQuery.substr(0, pathAndQuery.find('?'));
    try {
        std::ostream& out = session->sendRequest(request);
        out << body;
        Poco::Net::HTTPResponse response;
        std::istream& in = session->receiveResponse(response);
        std::string text;
        Poco::StreamCopier::copyToString(in, text);
        return classifyAnswer(static_cast<int>(response.getStatus()), text);
    } catch (const Poco::TimeoutException&) {
        return noAnswer("Stripe did not answer " + where + " within " + std::to_string(_timeoutSeconds) +
                        " s");
    } catch (const Poco::Exception& e) {
        // displayText() names the failure (refused, reset, TLS); the request and its
        // Authorization header are no part of it.
        return noAnswer("no answer from Stripe at " + _base.getHost() + " to " + where + ": " +
                        e.displayText());
    } catch (const std::exception& e) {
        return noAnswer("no answer from Stripe at " + _base.getHost() + " to " + where + ": " + e.what());
    }
}

} // namespace molar::paystripe
