#include "PayBankPlugin.h"

#include "TransferReference.h"

namespace molar::paybank {

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
