#include "CreditsPlugin.h"

#include "demo/CreditsDemo.h"
#include "web/ClinicPages.h"
#include "web/LabPages.h"

#include "molar/sdk/Errors.h"

namespace molar::credits {

void CreditsPlugin::configure(sdk::Host& host)
{
    _settings = readCreditsSettings(host.config());
}

void CreditsPlugin::start(sdk::Host& host)
{
    // Cases are debited at the catalog's prices: a balance in another currency could pay
    // none of them. (The catalog is empty while the cases plugin has not started.) Named in
    // full: a refusal from start() is not prefixed with the plugin's subtree as configure()'s are.
    for (const auto& item : host.catalog())
        if (item.currency != _settings.currency)
            throw sdk::ConfigError("credits.currency", _settings.currency,
                                   "the currency of the catalog's prices, " + item.currency);
    _ledger = std::make_unique<CreditLedger>(_settings.currency, _settings.lowBalanceDefaultMinor);
    _autoTopUp = std::make_unique<AutoTopUp>(host, _settings, *_ledger);
    _debits = std::make_unique<CaseDebits>(host, *_ledger, *_autoTopUp);
    _topups = std::make_unique<TopUps>(host, _settings, *_ledger, *_debits, *_autoTopUp);
    _autoTopUp->attach(*_topups);
    _services = std::make_unique<CreditsServices>(
        CreditsServices{host, _settings, *_ledger, *_debits, *_topups, *_autoTopUp});

    // Billing asks for a received case's price in the receiving transaction.
    host.events().on("invoice.credits_due", [this](sdk::Transaction& tx, const sdk::Event& e) {
        _debits->onCreditsDue(tx, e.payload);
    });
    host.events().on("case.cancelled", [this](sdk::Transaction& tx, const sdk::Event& e) {
        _debits->onCaseCancelled(tx, e.payload);
    });
    // Money for a top-up, counted once per receipt by the host's payment service.
    host.events().on("payment.succeeded", [this](sdk::Transaction& tx, const sdk::Event& e) {
        _topups->onPaymentSucceeded(tx, e.payload);
    });
    host.events().on("payment.refunded", [this](sdk::Transaction& tx, const sdk::Event& e) {
        _topups->onPaymentRefunded(tx, e.payload);
    });
    host.events().on("payment.failed", [this](sdk::Transaction& tx, const sdk::Event& e) {
        _topups->onPaymentFailed(tx, e.payload);
    });
    _autoTopUp->start();

    registerClinicPages(*_services);
    registerLabPages(*_services);
}

void CreditsPlugin::stop()
{
    // The host removed the routes, subscriptions and jobs before calling stop().
    _services.reset();
}

void CreditsPlugin::seedDemoData(sdk::Host&)
{
    seedCreditsDemo(*_services);
}

} // namespace molar::credits
