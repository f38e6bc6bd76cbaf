// One of the fake gateways under tests/fakes/ (node, builtins only) run for a test:
//     FakeServer stripe("stripe", {"--api-key", "sk_test_molar"});
//     stripe.url();                                             // http://127.0.0.1:<port>
//     stripe.control("POST", "/_fake/lose-answers", object({{"count", 1}}));
// It starts `node tests/fakes/<name>/server.mjs --port 0 <arguments>`, waits for its first
// line (`<name>-fake listening on http://127.0.0.1:<port>`), and kills it when destroyed.
#pragma once

#include "ChildProcess.h"

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>

#include <chrono>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

namespace molar::test {

class FakeServer
{
public:
    // Throws, saying what is missing, when node is not on PATH or the fake's script is not
    // in the source tree, and with the fake's output when it does not start.
    FakeServer(const std::string& name, const std::vector<std::string>& arguments,
               std::chrono::milliseconds startTimeout = std::chrono::seconds(15));

    const std::string& url() const { return _url; }
    int port() const { return _port; }

    // A call of the fake's control API (/_fake/...), a JSON body for POSTs (null: none);
    // answers the parsed JSON answer (empty when the answer has no body). Throws with the
    // status and body when the fake answers anything but 2xx.
    Poco::Dynamic::Var control(const std::string& method, const std::string& path,
                               Poco::JSON::Object::Ptr body = nullptr);
    Poco::Dynamic::Var get(const std::string& path) { return control("GET", path); }
    Poco::Dynamic::Var post(const std::string& path, Poco::JSON::Object::Ptr body = nullptr)
    {
        return control("POST", path, body ? body : Poco::JSON::Object::Ptr(new Poco::JSON::Object));
    }

    // What the fake printed so far (its request log, its errors).
    std::string output() const { return _process->output(); }
    ChildProcess& process() { return *_process; }

    // tests/fakes/<name>/server.mjs in the source tree.
    static std::string script(const std::string& name);

private:
    std::string _name;
    std::string _url;
    int _port = 0;
    std::unique_ptr<ChildProcess> _process;
};

// A JSON object from name/value pairs: object({{"count", 1}, {"card", "4242424242424242"}}).
Poco::JSON::Object::Ptr object(std::initializer_list<std::pair<std::string, Poco::Dynamic::Var>> members);

} // namespace molar::test
