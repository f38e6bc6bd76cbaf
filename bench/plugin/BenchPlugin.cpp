// The benchmark's routes behind molard: the same work as molar-bare-server's
// /hello and /row/<id>, through the SDK only, so bench/run.sh can compare the two.

#include "molar/sdk/Sdk.h"

#include <cstdint>
#include <string>

namespace {

using molar::sdk::Access;
using molar::sdk::HttpError;
using molar::sdk::Request;
using molar::sdk::Response;
using molar::sdk::Value;

constexpr std::int64_t ItemCount = 10000;

class BenchPlugin : public molar::sdk::Plugin
{
public:
    void start(molar::sdk::Host& host) override
    {
        seed(host.database());

        host.routes().add("GET", "/bench/hello", Access::Public,
                          [](Request&, Response& response) { response.send("text/plain", "hello\n"); });

        auto& database = host.database();
        host.routes().add(
            "GET", "/bench/row/{id}", Access::Public, [&database](Request& request, Response& response) {
                const std::string text = request.param("id");
                // Digits only, and few enough to fit an int64.
                if (text.empty() || text.size() > 18 ||
                    text.find_first_not_of("0123456789") != std::string::npos)
                    throw HttpError(400, "id must be a number");
                const std::int64_t id = std::stoll(text);
                const auto rows = database.query("SELECT id, name FROM bench_items WHERE id = ?", {id});
                if (rows.empty())
                    throw HttpError(404, "no such item");
                response.json(Value::object({{"id", rows.get(0, "id")}, {"name", rows.get(0, "name")}}));
            });
    }

private:
    // The migration makes the table; the rows come from here, once, in one
    // transaction so that 10,000 inserts take a moment and not minutes on SQLite.
    static void seed(molar::sdk::Database& database)
    {
        // Any row will do; COUNT(*) would come back as text on SQLite (no declared type).
        if (!database.query("SELECT id FROM bench_items LIMIT 1").empty())
            return;
        database.transaction([](molar::sdk::Transaction& tx) {
            for (std::int64_t id = 1; id <= ItemCount; ++id)
                tx.execute("INSERT INTO bench_items (id, name) VALUES (?, ?)",
                           {id, "item " + std::to_string(id)});
        });
    }
};

} // namespace

MOLAR_PLUGIN(BenchPlugin, "bench", "1.0.0", "", "Benchmark routes")
