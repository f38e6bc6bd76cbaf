#include "FakeGraphApi.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/StreamCopier.h>
#include <Poco/Thread.h>

#include <set>
#include <sstream>

namespace molar::whatsapp::test {

using Poco::JSON::Array;
using Poco::JSON::Object;

struct FakeGraphApi::State
{
    std::string phoneNumberId;
    std::string accessToken;
    mutable std::mutex mutex;
    std::map<std::string, Script> scripts;
    std::vector<Received> received;
    std::vector<std::string> problems;
    int nextId = 0;
};

namespace {

std::string text(const Object::Ptr& object, const std::string& key)
{
    return object && object->has(key) && object->get(key).isString() ? object->getValue<std::string>(key)
                                                                     : "";
}

std::set<std::string> keysOf(const Object::Ptr& object)
{
    std::set<std::string> out;
    for (const auto& entry : *object)
        out.insert(entry.first);
    return out;
}

// Reads a send request the way the Cloud API reads it; fills `problems` with
// every way it differs from the documented template message.
FakeGraphApi::Received readRequest(Poco::Net::HTTPServerRequest& request, const FakeGraphApi::State& state,
                                   std::vector<std::string>& problems)
{
    FakeGraphApi::Received r;
    Poco::StreamCopier::copyToString(request.stream(), r.body);
    if (request.getMethod() != "POST")
        problems.push_back("method " + request.getMethod());
    if (request.getURI() != "/v21.0/" + state.phoneNumberId + "/messages")
        problems.push_back("path " + request.getURI());
    if (request.get("Authorization", "") != "Bearer " + state.accessToken)
        problems.push_back("bad Authorization header");
    if (request.getContentType().rfind("application/json", 0) != 0)
        problems.push_back("content type " + request.getContentType());

    Object::Ptr root;
    try {
        Poco::JSON::Parser parser;
        root = parser.parse(r.body).extract<Object::Ptr>();
    } catch (const Poco::Exception& e) {
        problems.push_back("body is not a JSON object: " + e.displayText());
        return r;
    }
    if (keysOf(root) !=
        std::set<std::string>{"messaging_product", "recipient_type", "to", "type", "template"})
        problems.push_back("unexpected top-level keys");
    if (text(root, "messaging_product") != "whatsapp")
        problems.push_back("messaging_product is not whatsapp");
    if (text(root, "recipient_type") != "individual")
        problems.push_back("recipient_type is not individual");
    if (text(root, "type") != "template")
        problems.push_back("type is not template");
    r.to = text(root, "to");
    if (r.to.empty() || r.to.find_first_not_of("0123456789") != std::string::npos)
        problems.push_back("to is not digits only: " + r.to);

    auto tmpl = root->getObject("template");
    if (!tmpl) {
        problems.push_back("no template object");
        return r;
    }
    r.templateName = text(tmpl, "name");
    if (r.templateName.empty())
        problems.push_back("template.name is empty");
    r.language = text(tmpl->getObject("language"), "code");
    if (r.language.empty())
        problems.push_back("template.language.code is empty");
    r.hasComponents = tmpl->has("components");
    if (!r.hasComponents)
        return r;
    auto components = tmpl->getArray("components");
    auto body = components && components->size() == 1 ? components->getObject(0) : nullptr;
    if (!body || text(body, "type") != "body") {
        problems.push_back("components is not one body component");
        return r;
    }
    auto parameters = body->getArray("parameters");
    if (!parameters || parameters->size() == 0)
        problems.push_back("body component without parameters");
    for (unsigned i = 0; parameters && i < parameters->size(); ++i) {
        auto parameter = parameters->getObject(i);
        if (text(parameter, "type") != "text" || !parameter->has("text"))
            problems.push_back("parameter " + std::to_string(i) + " is not a text parameter");
        r.parameters.push_back(text(parameter, "text"));
    }
    return r;
}

std::string successBody(const std::string& to, const std::string& wamid)
{
    return "{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"" + to + "\",\"wa_id\":\"" + to +
           "\"}],\"messages\":[{\"id\":\"" + wamid + "\",\"message_status\":\"accepted\"}]}";
}

class MessagesHandler : public Poco::Net::HTTPRequestHandler
{
public:
    explicit MessagesHandler(std::shared_ptr<FakeGraphApi::State> state) : _state(std::move(state)) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override
    {
        std::vector<std::string> problems;
        FakeGraphApi::Received r = readRequest(request, *_state, problems);
        FakeGraphApi::Script answer;
        {
            std::lock_guard<std::mutex> lock(_state->mutex);
            _state->problems.insert(_state->problems.end(), problems.begin(), problems.end());
            auto script = _state->scripts.find(r.to);
            if (request.get("Authorization", "") != "Bearer " + _state->accessToken) {
                answer.status = 401;
                answer.body = FakeGraphApi::errorBody(
                    190, "Invalid OAuth access token - Cannot parse access token", "");
            } else if (!problems.empty()) {
                answer.status = 400;
                answer.body = FakeGraphApi::errorBody(100, "(#100) Invalid parameter", problems.front());
            } else if (script != _state->scripts.end()) {
                answer = script->second;
                _state->received.push_back(r);
            } else {
                r.wamid = "wamid.HBgLOTc0NTU1MTIzNDUVAgARGBI" + std::to_string(++_state->nextId);
                answer.body = successBody(r.to, r.wamid);
                _state->received.push_back(r);
            }
        }
        if (answer.delayMillis > 0)
            Poco::Thread::sleep(answer.delayMillis);
        response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(answer.status));
        response.setContentType("application/json");
        response.setContentLength(static_cast<std::streamsize>(answer.body.size()));
        response.send() << answer.body;
    }

private:
    std::shared_ptr<FakeGraphApi::State> _state;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory
{
public:
    explicit Factory(std::shared_ptr<FakeGraphApi::State> state) : _state(std::move(state)) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override
    {
        return new MessagesHandler(_state);
    }

private:
    std::shared_ptr<FakeGraphApi::State> _state;
};

} // namespace

FakeGraphApi::FakeGraphApi(std::string phoneNumberId, std::string accessToken)
    : _state(std::make_shared<State>())
{
    _state->phoneNumberId = std::move(phoneNumberId);
    _state->accessToken = std::move(accessToken);
    start();
}

FakeGraphApi::~FakeGraphApi()
{
    stop();
}

std::string FakeGraphApi::baseUrl() const
{
    return "http://127.0.0.1:" + std::to_string(_port) + "/v21.0";
}

void FakeGraphApi::fail(const std::string& to, long long code, const std::string& message,
                        const std::string& details)
{
    script(to, Script{code == 190 ? 401 : 400, errorBody(code, message, details), 0});
}

void FakeGraphApi::script(const std::string& to, Script script)
{
    std::lock_guard<std::mutex> lock(_state->mutex);
    _state->scripts[to] = std::move(script);
}

void FakeGraphApi::start()
{
    if (_server)
        return;
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", _port));
    _port = socket.address().port();
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(16);
    params->setMaxQueued(64);
    params->setKeepAlive(false);
    _server = std::make_unique<Poco::Net::HTTPServer>(new Factory(_state), socket, params);
    _server->start();
}

void FakeGraphApi::stop()
{
    if (!_server)
        return;
    _server->stopAll(true);
    _server.reset(); // closes the listening socket
}

std::vector<FakeGraphApi::Received> FakeGraphApi::received() const
{
    std::lock_guard<std::mutex> lock(_state->mutex);
    return _state->received;
}

std::optional<FakeGraphApi::Received> FakeGraphApi::find(const std::string& wamid) const
{
    std::lock_guard<std::mutex> lock(_state->mutex);
    for (const auto& r : _state->received)
        if (r.wamid == wamid)
            return r;
    return std::nullopt;
}

std::vector<std::string> FakeGraphApi::problems() const
{
    std::lock_guard<std::mutex> lock(_state->mutex);
    return _state->problems;
}

std::string FakeGraphApi::errorBody(long long code, const std::string& message, const std::string& details)
{
    Object data(Poco::JSON_PRESERVE_KEY_ORDER);
    data.set("messaging_product", "whatsapp");
    data.set("details", details);
    Object error(Poco::JSON_PRESERVE_KEY_ORDER);
    error.set("message", message);
    error.set("type", "OAuthException");
    error.set("code", static_cast<Poco::Int64>(code));
    error.set("error_data", data);
    error.set("fbtrace_id", "AazS3mOGjYbOmJCTnV2Iu7R");
    Object root;
    root.set("error", error);
    std::ostringstream out;
    root.stringify(out);
    return out.str();
}

} // namespace molar::whatsapp::test
