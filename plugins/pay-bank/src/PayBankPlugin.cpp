#include "PayBankPlugin.h"

#include "TransferReference.h"

#include <chrono>

namespace molar::paybank {

namespace {

const char* const tellUntoldJob = "pay-bank.untoldReceipts";
const char* const tellUntoldSchedule = "pay-bank.untoldReceiptsSweep";

} // namespace

void PayBankPlugin::configure(sdk::Host& host)
{
    _settings = readBankSettings(host.config());
}

void PayBankPlugin::start(sdk::Host& host)
{
    _references =
        std::make_unique<ReferenceStore>(host.database(), [] { return TransferReference::generate(); });
    _provider = std::make_shared<BankProvider>(_settings, *_references, host.clock(), host.views());
    _recorder = std::make_unique<ReceiptRecorder>(host, *_references);
    _routes = std::make_unique<BankRoutes>(host, *_references, *_recorder, *_provider);
    _routes->registerRoutes(host.routes());
    host.payments().addProvider(_provider);
    // Transfers received but never told to the host (molard stopped in between): told by a
    // job once every plugin has started (billing applies what the host counts), for what
    // was added before this start, and every ten minutes for what another host left.
    host.jobs().define(tellUntoldJob,
                       [this](const sdk::Job& job) { _recorder->tellUntold(job.payload.getInt("before")); });
    const auto now = [clock = &host.clock()] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(clock->now().time_since_epoch()).count();
    };
    host.database().transaction([&](sdk::Transaction& tx) {
        host.jobs().enqueue(tx, tellUntoldJob, sdk::Value::object({{"before", now()}}));
    });
    host.jobs().every(tellUntoldSchedule, std::chrono::minutes(10), [this, now] {
        _recorder->tellUntold(now() - std::chrono::milliseconds(std::chrono::minutes(2)).count());
    });
    host.views().addMenuItemFor({"pay-bank.menu", BankRoutes::path, sdk::Access::Lab, 40},
                                {"admin", "billing"});
}

void PayBankPlugin::stop()
{
    // The host removed the routes before calling stop(). The provider and its
    // references stay with the plugin's instance: a payment call still running holds
    // the provider, and the host keeps the library loaded while it does.
    _routes.reset();
    _recorder.reset();
}

} // namespace molar::paybank
