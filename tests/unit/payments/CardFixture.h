// The payment service over a fresh database with the in-memory card gateway
// offered as "cards" beside the fixture's "tests" provider.
#pragma once

#include "CardTestProvider.h"
#include "PaymentTestSupport.h"

#include <memory>
#include <string>

namespace molar::test {

struct CardFixture : PaymentFixture
{
    CardFixture() { providers.add("cards-plugin", cards, nullptr); }

    // A method saved for the organization the way a payer saves one: the setup,
    // the provider's page, the payer back on the portal.
    sdk::SavedPaymentMethod saveMethod(std::int64_t organizationId, const std::string& providerMethodId,
                                       const std::string& brand = "visa", const std::string& last4 = "4242")
    {
        const auto setup =
            service.startSavingMethod(organizationId, "cards", "https://lab.example/saved?setup={SETUP_ID}",
                                      "https://lab.example/methods", "en");
        cards->completeSetup(providerSetupOf(setup.id), {providerMethodId, brand, last4, 12, 2030});
        return service.finishSavingMethod(organizationId, setup.id).value();
    }

    std::string providerSetupOf(const std::string& setupId)
    {
        return db.database()
            .query("SELECT provider_setup_id FROM molar_payment_setups WHERE id = ?", {setupId})
            .row(0)
            .at(0)
            .asString();
    }

    sdk::PaymentAttempt beginFor(std::int64_t organizationId, std::int64_t minor,
                                 const std::string& provider = "cards")
    {
        sdk::PaymentAttempt attempt;
        db.database().transaction([&](sdk::Transaction& tx) {
            attempt = service.begin(tx,
                                    {"invoice", std::to_string(organizationId * 1000 + minor), organizationId,
                                     "INV-2026-000042", "Invoice INV-2026-000042"},
                                    provider, {minor, "QAR"});
        });
        return attempt;
    }

    // An attempt of organization 7 charged in full to a saved method.
    sdk::PaymentAttempt paid(std::int64_t minor)
    {
        const auto method = saveMethod(7, "pm_ok");
        const auto a = beginFor(7, minor);
        service.chargeSavedMethod(a.id, method.id, false);
        return attempt(a.id);
    }

    std::shared_ptr<CardTestProvider> cards = std::make_shared<CardTestProvider>();
};

} // namespace molar::test
