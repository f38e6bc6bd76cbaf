#include "FakeServer.h"

#include <Poco/File.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <sstream>
#include <stdexcept>

namespace molar::test {

std::string FakeServer::script(const std::string& name)
{
    return std::string(MOLAR_FAKES_DIR) + "/" + name + "/server.mjs";
}

FakeServer::FakeServer(const std::string& name, const std::vector<std::string>& arguments,
                       std::chrono::milliseconds startTimeout)
    : _name(name)
{
    const std::string node = ChildProcess::findOnPath("node");
    if (node.empty())
        throw std::runtime_error("the " + name + " fake needs node on PATH (Debian: apt-get install nodejs)");
    const std::string path = script(name);
    if (!Poco::File(path).exists())
        throw std::runtime_error("the " + name + " fake is missing: no " + path);
    std::vector<std::string> all{path, "--port", "0"};
    all.insert(all.end(), arguments.begin(), arguments.end());
    _process = std::make_unique<ChildProcess>(node, all);
    const std::string prefix = name + "-fake listening on ";
    const std::string line =
        _process->waitForLine([&](const std::string& l) { return l.rfind(prefix, 0) == 0; }, startTimeout);
    _url = line.substr(prefix.size());
    while (!_url.empty() && (_url.back() == '/' || _url.back() == ' '))
        _url.pop_back();
    _port = Poco::URI(_url).getPort();
    if (_port <= 0)
        throw std::runtime_error("the " + name + " fake said it listens on '" + _url + "'");
}

Poco::Dynamic::Var FakeServer::control(const std::string& method, const std::string& path,
                                       Poco::JSON::Object::Ptr body)
{
    Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(_port));
    session.setTimeout(Poco::Timespan(30, 0));
    Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    request.set("Accept", "application/json");
    std::string text;
    if (body) {
        std::ostringstream out;
        body->stringify(out);
        text = out.str();
        request.setContentType("application/json");
    }
    request.setContentLength(static_cast<std::streamsize>(text.size()));
    session.sendRequest(request) << text;
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    std::string answer;
    Poco::StreamCopier::copyToString(in, answer);
    const int status = static_cast<int>(response.getStatus());
    if (status < 200 || status > 299)
        throw std::runtime_error("the " + _name + " fake answered " + std::to_string(status) + " to " +
                                 method + " " + path + (text.empty() ? "" : " " + text) + ": " + answer);
    if (answer.find_first_not_of(" \r\n\t") == std::string::npos)
        return {};
    try {
        return Poco::JSON::Parser().parse(answer);
    } catch (const std::exception& e) {
        throw std::runtime_error("the " + _name + " fake's answer to " + method + " " + path +
                                 " is not JSON (" + e.what() + "): " + answer);
    }
}

Poco::JSON::Object::Ptr object(std::initializer_list<std::pair<std::string, Poco::Dynamic::Var>> members)
{
    Poco::JSON::Object::Ptr result(new Poco::JSON::Object);
    for (const auto& [name, value] : members)
        result->set(name, value);
    return result;
}

} // namespace molar::test
