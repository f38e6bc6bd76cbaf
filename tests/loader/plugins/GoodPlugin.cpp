// A well-behaved plugin: a route, a slow route, an event handler, a migration.
#include "molar/sdk/Sdk.h"

#include <chrono>
#include <thread>

using namespace molar::sdk;

class GoodPlugin : public Plugin
{
public:
    void start(Host& host) override
    {
        host.routes().add("GET", "/good", Access::Public,
                          [](Request&, Response& response) { response.send("text/plain", "good"); });
        // Holds its request for a moment so a test can stop the plugin meanwhile.
        host.routes().add("GET", "/good/slow", Access::Public, [](Request&, Response& response) {
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
            response.send("text/plain", "slow and good");
        });
        // An API route: JSON in, JSON out, no CSRF token (its callers have no page), 1 KiB at most.
        RouteOptions api;
        api.checkCsrf = false;
        api.maxBodyBytes = 1024;
        host.routes().add(
            "POST", "/good/echo", Access::Public,
            [](Request& request, Response& response) {
                Value body = request.json();
                response.json(Value::object({{"echo", body}}));
            },
            api);
        host.events().on("good.ping", [](Transaction& tx, const Event& event) {
            tx.execute("INSERT INTO good_pings (note) VALUES (?)", {event.payload.getString("note")});
        });
    }
};

MOLAR_PLUGIN(GoodPlugin, "good", "2.3.4", "", "A plugin that does everything right")
