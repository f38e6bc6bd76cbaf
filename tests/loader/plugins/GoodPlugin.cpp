// A well-behaved plugin: a route, a slow route, an event handler, a migration,
// uploads kept in its file store, static files, demo data, a catalog item and a
// payment provider.
#include "molar/sdk/Sdk.h"

#include <chrono>
#include <memory>
#include <stdexcept>
#include <thread>

using namespace molar::sdk;

namespace {

// Reads every part of a multipart body, keeps each file under uploads/<its name>,
// and answers what it saw: fields with their values, files with their sizes.
void upload(Host& host, Request& request, Response& response)
{
    Value parts = Value::array();
    request.parts([&](const Part& part, std::istream& in) {
        std::unique_ptr<FileWriter> file;
        if (!part.fileName.empty()) {
            if (!isValidFileKey(part.fileName))
                throw HttpError(400, "A file name has letters, digits, '.', '_' and '-' only.");
            file = host.files().create("uploads/" + part.fileName);
        }
        std::string value;
        std::int64_t bytes = 0;
        char buffer[65536];
        while (in.read(buffer, sizeof(buffer)) || in.gcount() > 0) {
            bytes += in.gcount();
            if (file)
                file->stream().write(buffer, in.gcount());
            else
                value.append(buffer, static_cast<std::size_t>(in.gcount()));
        }
        Value seen = Value::object({{"name", part.name},
                                    {"fileName", part.fileName},
                                    {"contentType", part.contentType},
                                    {"bytes", bytes}});
        if (file)
            seen.set("stored", static_cast<std::int64_t>(file->commit()));
        else
            seen.set("value", value);
        parts.push(std::move(seen));
    });
    response.json(Value::object({{"parts", parts}}));
}

// A payment provider with only the calls every provider has.
class TransferProvider : public PaymentProvider
{
public:
    PaymentCapabilities capabilities() const override
    {
        PaymentCapabilities caps;
        caps.name = "good-transfer";
        caps.displayName = "Good transfer";
        caps.flow = PaymentFlow::Offline;
        return caps;
    }
    PaymentResult createCheckout(const PaymentRequest& request) override
    {
        PaymentResult result;
        result.providerPaymentId = "good-" + request.idempotencyKey;
        result.amount = request.amount;
        result.instructions = "Transfer the amount to the good bank.";
        return result;
    }
    PaymentResult fetchPayment(const PaymentRequest& request, const std::string&) override
    {
        return createCheckout(request);
    }
};

} // namespace

class GoodPlugin : public Plugin, public DemoData, public ClinicRecords, public CatalogSource
{
public:
    void start(Host& host) override
    {
        // Not std::make_shared: its type tag is a GNU unique symbol, which would keep
        // this library loaded after stop, and the tests check that it unloads.
        host.payments().addProvider(std::shared_ptr<PaymentProvider>(new TransferProvider()));
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
        // Answers without reading its body, as many refusals do.
        host.routes().add(
            "POST", "/good/ignore", Access::Public,
            [](Request&, Response& response) { response.send("text/plain", "ignored"); }, api);
        // Who the host says the caller is, and what Cookie header reached the handler.
        host.routes().add("GET", "/good/whoami", Access::Public, [](Request& request, Response& response) {
            response.send("text/plain", request.clientAddress() + "\n" + request.header("Cookie"));
        });
        host.events().on("good.ping", [](Transaction& tx, const Event& event) {
            tx.execute("INSERT INTO good_pings (note) VALUES (?)", {event.payload.getString("note")});
        });
        // Uploads: up to 64 MiB, and a small one (1 MiB) to meet the limit.
        RouteOptions large;
        large.maxBodyBytes = 64 * 1024 * 1024;
        host.routes().add(
            "POST", "/good/upload", Access::Public,
            [&host](Request& request, Response& response) { upload(host, request, response); }, large);
        host.routes().add("POST", "/good/upload-small", Access::Public,
                          [&host](Request& request, Response& response) { upload(host, request, response); });
    }

    // Holds records of clinic 42; cannot tell for clinic 13.
    bool holdsClinicRecords(std::int64_t clinicId) override
    {
        if (clinicId == 13)
            throw std::runtime_error("the records are out of reach");
        return clinicId == 42;
    }

    std::vector<CatalogItem> catalogItems() override
    {
        return {{"good_crown", "Good crown", "restorative", 125050, "QAR", 24}};
    }

    void seedDemoData(Host& host) override
    {
        if (host.database().query("SELECT note FROM good_pings WHERE note = 'demo'").empty())
            host.database().execute("INSERT INTO good_pings (note) VALUES ('demo')");
    }
};

MOLAR_PLUGIN(GoodPlugin, "good", "2.3.4", "", "A plugin that does everything right")
