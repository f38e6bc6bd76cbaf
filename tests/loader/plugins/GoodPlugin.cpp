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
        host.events().on("good.ping", [](Transaction& tx, const Event& event) {
            tx.execute("INSERT INTO good_pings (note) VALUES (?)", {event.payload.getString("note")});
        });
    }
};

MOLAR_PLUGIN(GoodPlugin, "good", "2.3.4", "", "A plugin that does everything right")
