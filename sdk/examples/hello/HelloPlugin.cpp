#include "HelloPlugin.h"

#include <cctype>

using namespace molar::sdk;

void HelloPlugin::configure(Host& host)
{
    // hello.greeting in config/hello.properties; a value the plugin cannot use
    // stops start-up with the file and key named.
    _greeting = host.config().getString("greeting", "Hello");
    if (_greeting.empty() || _greeting.size() > 40)
        throw ConfigError("greeting", _greeting, "text of 1 to 40 characters");
}

void HelloPlugin::start(Host& host)
{
    // The event handler runs inside the transaction that publishes the event, so
    // the count and the greeting commit (or roll back) together.
    host.events().on("hello.greeted", [](Transaction& tx, const Event& event) {
        const std::string name = event.payload.getString("name");
        if (tx.execute("UPDATE hello_visits SET visits = visits + 1 WHERE name = ?", {name}) == 0)
            tx.execute("INSERT INTO hello_visits (name, visits) VALUES (?, 1)", {name});
    });

    host.routes().add(
        "GET", "/hello/{name}", Access::Public,
        [this, &host](Request& request, Response& response) { greet(host, request, response); });
    host.logger().info("greeting visitors with '" + _greeting + "'");
}

void HelloPlugin::seedDemoData(Host& host)
{
    // Runs at every start with --demo-data: add the row only when it is not there.
    if (host.database().query("SELECT visits FROM hello_visits WHERE name = ?", {"Demo"}).empty())
        host.database().execute("INSERT INTO hello_visits (name, visits) VALUES (?, ?)", {"Demo", 7});
}

void HelloPlugin::greet(Host& host, Request& request, Response& response)
{
    const std::string name = request.param("name");
    if (name.empty() || name.size() > 60)
        throw HttpError(400, "A name has 1 to 60 characters.");
    std::int64_t visits = 0;
    host.database().transaction([&](Transaction& tx) {
        host.events().publish(tx, "hello.greeted", Value::object({{"name", name}}));
        auto rows = tx.query("SELECT visits FROM hello_visits WHERE name = ?", {name});
        visits = rows.empty() ? 0 : rows.get(0, "visits").asInt();
    });
    host.views().page(request, response, "greeting", "hello.title",
                      Value::object({{"greeting", _greeting}, {"name", name}, {"visits", visits}}));
}
