#include "RazorpayClient.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPBasicCredentials.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <Poco/Timespan.h>

#include <memory>
#include <sstream>

namespace molar::payrazorpay {

RazorpayApiError::RazorpayApiError(int status, std::string code, std::string description, std::string reason,
                                   std::string field)
    : std::runtime_error("Razorpay answered " + std::to_string(status) + " " + code + ": " + description),
      _status(status), _code(std::move(code)), _description(std::move(description)),
      _reason(std::move(reason)), _field(std::move(field))
{
}

bool RazorpayApiError::notFound() const
{
    return _status == 404 || (_status == 400 && _description.find("does not exist") != std::string::npos);
}

RazorpayClient::RazorpayClient(const RazorpaySettings& settings)
    : _base(settings.apiBase), _keyId(settings.keyId), _keySecret(settings.keySecret),
      _timeoutSeconds(settings.timeoutSeconds)
{
}

Poco::Net::Context::Ptr RazorpayClient::tls() const
{
    // Our own client context, so nothing depends on SSLManager having been set up;
    // the peer's certificate is checked against the system's CAs and its name.
    std::call_once(_tlsOnce, [this] {
        _tls = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", "",
                                      Poco::Net::Context::VERIFY_RELAXED, 9, true);
    });
    return _tls;
}

Poco::JSON::Object::Ptr RazorpayClient::get(const std::string& path) const
{
    return call(Poco::Net::HTTPRequest::HTTP_GET, path, nullptr, {});
}

Poco::JSON::Object::Ptr RazorpayClient::post(const std::string& path, const Poco::JSON::Object& body,
                                             const Headers& headers) const
{
    std::ostringstream json;
    body.stringify(json);
    const std::string text = json.str();
    return call(Poco::Net::HTTPRequest::HTTP_POST, path, &text, headers);
}

Poco::JSON::Object::Ptr RazorpayClient::call(const std::string& method, const std::string& path,
                                             const std::string* body, const Headers& headers) const
{
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (_base.getScheme() == "https")
        session = std::make_unique<Poco::Net::HTTPSClientSession>(_base.getHost(), _base.getPort(), tls());
    else
        session = std::make_unique<Poco::Net::HTTPClientSession>(_base.getHost(), _base.getPort());
    session->setTimeout(Poco::Timespan(_timeoutSeconds, 0));

    Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    Poco::Net::HTTPBasicCredentials(_keyId, _keySecret).authenticate(request);
    request.set("Accept", "application/json");
    request.set("User-Agent", "molar-pay-razorpay/1.0");
    for (const auto& [name, value] : headers)
        request.set(name, value);
    if (body) {
        request.setContentType("application/json");
        request.setContentLength(static_cast<std::streamsize>(body->size()));
    }

    Poco::Net::HTTPResponse response;
    std::string answer;
    try {
        std::ostream& out = session->sendRequest(request);
        if (body)
            out << *body;
        std::istream& in = session->receiveResponse(response);
        Poco::StreamCopier::copyToString(in, answer);
    } catch (const Poco::TimeoutException&) {
        throw RazorpayUnreachable("Razorpay did not answer " + method + " " + path + " within " +
                                  std::to_string(_timeoutSeconds) + " s");
    } catch (const Poco::Exception& e) {
        // displayText() names the failure (refused, reset, TLS); it holds no header.
        throw RazorpayUnreachable("no answer from Razorpay at " + _base.getHost() + " to " + method + " " +
                                  path + ": " + e.displayText());
    }

    const int status = static_cast<int>(response.getStatus());
    Poco::JSON::Object::Ptr parsed;
    try {
        Poco::JSON::Parser parser;
        parsed = parser.parse(answer).extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception&) {
    } catch (const std::exception&) {
    }
    if (status >= 200 && status < 300) {
        if (!parsed)
            throw RazorpayUnreachable("Razorpay answered " + method + " " + path + " with " +
                                      std::to_string(status) + " and a body that is not a JSON object");
        return parsed;
    }
    const auto error = child(parsed, "error");
    throw RazorpayApiError(status, error ? text(error, "code") : "",
                           error ? text(error, "description")
                                 : "no error object (HTTP " + std::to_string(status) + ")",
                           error ? text(error, "reason") : "", error ? text(error, "field") : "");
}

std::string text(const Poco::JSON::Object::Ptr& object, const std::string& name)
{
    if (!object || !object->has(name) || object->isNull(name))
        return "";
    try {
        return object->get(name).convert<std::string>();
    } catch (const Poco::Exception&) {
        return "";
    }
}

std::int64_t integer(const Poco::JSON::Object::Ptr& object, const std::string& name)
{
    if (!object || !object->has(name) || object->isNull(name))
        return 0;
    try {
        return object->get(name).convert<Poco::Int64>();
    } catch (const Poco::Exception&) {
        return 0;
    }
}

bool flag(const Poco::JSON::Object::Ptr& object, const std::string& name)
{
    if (!object || !object->has(name) || object->isNull(name))
        return false;
    try {
        return object->get(name).convert<bool>();
    } catch (const Poco::Exception&) {
        return false;
    }
}

Poco::JSON::Object::Ptr child(const Poco::JSON::Object::Ptr& object, const std::string& name)
{
    if (!object || !object->has(name) || object->isNull(name) || !object->isObject(name))
        return nullptr;
    return object->getObject(name);
}

std::vector<Poco::JSON::Object::Ptr> items(const Poco::JSON::Object::Ptr& collection)
{
    std::vector<Poco::JSON::Object::Ptr> out;
    if (!collection || !collection->has("items") || !collection->isArray("items"))
        return out;
    const auto array = collection->getArray("items");
    for (std::size_t i = 0; i < array->size(); ++i)
        if (array->isObject(i))
            out.push_back(array->getObject(i));
    return out;
}

} // namespace molar::payrazorpay
