// The real molard binary run by a test, as an operator runs it: a configuration folder,
// --set for the rest, a loopback port; ready once GET /readyz answers 200. kill() is
// `kill -9` (a crash), stop() a clean shutdown; a new MolardProcess on the same database
// and port is the restart.
#pragma once

#include "ChildProcess.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace molar::test {

struct MolardOptions
{
    std::string binary;    // build/bin/molard
    std::string configDir; // its --config folder (may be empty of files)
    std::string databaseUrl;
    std::string pluginsDir;
    std::vector<std::string> plugins;
    std::vector<std::pair<std::string, std::string>> settings; // --set key=value, in order
    bool demoData = false;                                     // --demo-data (the demo's people)
    int port = 0;                                              // 0: a free one
};

class MolardProcess
{
public:
    explicit MolardProcess(MolardOptions options,
                           std::chrono::milliseconds readyTimeout = std::chrono::seconds(30))
        : _options(std::move(options))
    {
        if (_options.port == 0)
            _options.port = freePort();
        std::string plugins;
        for (const auto& p : _options.plugins)
            plugins += (plugins.empty() ? "" : ",") + p;
        std::vector<std::string> arguments{"--config", _options.configDir,
                                           "--set",    "db.url=" + _options.databaseUrl,
                                           "--set",    "plugins.path=" + _options.pluginsDir,
                                           "--set",    "plugins.enabled=" + plugins,
                                           "--set",    "http.port=" + std::to_string(_options.port)};
        for (const auto& [key, value] : _options.settings) {
            arguments.push_back("--set");
            arguments.push_back(key + "=" + value);
        }
        if (_options.demoData) {
            arguments.push_back("--set");
            arguments.push_back("demo.enabled=true");
            arguments.push_back("--demo-data");
        }
        _process = std::make_unique<ChildProcess>(_options.binary, arguments);
        const auto deadline = std::chrono::steady_clock::now() + readyTimeout;
        while (status("/readyz") != 200) {
            if (!_process->running())
                throw std::runtime_error("molard ended before it was ready. Its output:\n" +
                                         _process->output());
            if (std::chrono::steady_clock::now() > deadline)
                throw std::runtime_error("molard was not ready within " +
                                         std::to_string(readyTimeout.count()) + " ms. Its output:\n" +
                                         _process->output());
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }

    int port() const { return _options.port; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(_options.port); }
    const MolardOptions& options() const { return _options; }
    ChildProcess& process() { return *_process; }
    std::string output() const { return _process->output(); }

    // `kill -9`: no shutdown, no answer to what is in flight.
    void kill() { _process->kill(); }
    int stop() { return _process->stop(); }

    // The status of a GET, 0 when nothing answers.
    int status(const std::string& path) const
    {
        try {
            Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(_options.port));
            session.setTimeout(Poco::Timespan(2, 0));
            Poco::Net::HTTPRequest request("GET", path, Poco::Net::HTTPMessage::HTTP_1_1);
            session.sendRequest(request);
            Poco::Net::HTTPResponse response;
            session.receiveResponse(response).ignore(1 << 20);
            return static_cast<int>(response.getStatus());
        } catch (const std::exception&) {
            return 0;
        }
    }

    static int freePort()
    {
        Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
        return socket.address().port();
    }

private:
    MolardOptions _options;
    std::unique_ptr<ChildProcess> _process;
};

} // namespace molar::test
