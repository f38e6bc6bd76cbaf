// The payment service's saved methods: a setup started with the provider, the
// method it saved stored once (by the provider's MethodSaved event or the payer's
// return, whichever comes first), one default per organization.
#include "payments/PaymentService.h"

#include "payments/PaymentRules.h"

#include "core/Clocks.h"
#include "http/StandardMiddleware.h"

#include <stdexcept>

namespace molar::host {

using namespace payment_rules;

namespace {

std::string replaceAll(std::string text, const std::string& what, const std::string& with)
{
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + with.size()))
        text.replace(at, what.size(), with);
    return text;
}

std::string described(const sdk::SavedMethod& m)
{
    std::string text = (m.brand.empty() ? std::string("method") : m.brand) + " ending " + m.last4;
    if (m.expMonth > 0 && m.expYear > 0)
        text += ", expires " + std::to_string(m.expMonth) + "/" + std::to_string(m.expYear);
    return text;
}

// The request of a call about an organization's methods: the setup id (or the
// method's own) as the idempotency key, the organization as the customer.
sdk::PaymentRequest methodRequest(const std::string& key, std::int64_t organizationId)
{
    sdk::PaymentRequest request;
    request.idempotencyKey = key;
    request.customerId = std::to_string(organizationId);
    request.description = "Saving a payment method";
    return request;
}

} // namespace

sdk::MethodSetup PaymentService::startSavingMethod(std::int64_t organizationId,
                                                   const std::string& providerName,
                                                   const std::string& returnUrl, const std::string& cancelUrl,
                                                   const std::string& language)
{
    if (organizationId <= 0)
        throw std::invalid_argument("saving a payment method needs an organization");
    auto provider = _context.providers(providerName);
    if (!provider)
        throw std::invalid_argument("no payment provider named '" + providerName + "' is offered");
    if (!provider->capabilities().savedMethods)
        throw std::invalid_argument("the payment provider '" + providerName +
                                    "' cannot save payment methods");

    // 128 random bits: a setup's id (in the payer's return address) cannot be guessed.
    MethodSetupRow setup{"ps_" + randomHex(16), organizationId, providerName, "", "pending", 0};
    _methods.insertSetup(_context.database, setup, now());

    auto request = methodRequest(setup.id, organizationId);
    request.returnUrl = replaceAll(returnUrl, "{SETUP_ID}", setup.id);
    request.cancelUrl = replaceAll(cancelUrl, "{SETUP_ID}", setup.id);
    request.language = language;
    sdk::PaymentResult result;
    try {
        result = askProvider(_logger, "saving a method (setup " + setup.id + ") with " + providerName,
                             [&] { return provider->saveMethod(request); });
    } catch (const std::exception&) {
        _methods.updateSetup(_context.database, setup.id, "failed", "", 0, now());
        throw;
    }
    if (result.state == sdk::PaymentState::Unknown || result.state == sdk::PaymentState::Failed) {
        // Nothing to send the payer to: they try again, with a new setup.
        _methods.updateSetup(_context.database, setup.id,
                             result.state == sdk::PaymentState::Unknown ? "unknown" : "failed",
                             result.providerPaymentId, 0, now());
        throw std::runtime_error("the payment provider '" + providerName +
                                 "' did not start saving a method (" +
                                 (result.failureCode.empty() ? "no reason given" : result.failureCode) + ")");
    }
    _methods.updateSetup(_context.database, setup.id, "pending", result.providerPaymentId, 0, now());
    return {setup.id, providerName, organizationId, result.redirectUrl, result.clientSecret};
}

std::optional<sdk::SavedPaymentMethod> PaymentService::finishSavingMethod(std::int64_t organizationId,
                                                                          const std::string& setupId)
{
    const auto setup = _methods.setup(_context.database, setupId);
    if (!setup || setup->organizationId != organizationId)
        return std::nullopt;
    if (setup->state == "saved") {
        bool removed = false;
        auto method = _methods.method(_context.database, setup->methodId, &removed);
        return removed ? std::nullopt : method;
    }
    auto provider = _context.providers(setup->provider);
    if (!provider)
        return std::nullopt; // its plugin is not running; its event is recorded once it is
    std::optional<sdk::SavedMethod> saved;
    try {
        saved = provider->fetchMethod(methodRequest(setup->id, organizationId), setup->providerSetupId);
    } catch (const sdk::PermanentError&) {
        throw;
    } catch (const sdk::PaymentUnsupported&) {
        throw;
    } catch (const std::exception& e) {
        // The provider's event will tell; the payer sees "not saved yet" meanwhile.
        _logger.warning("the method of setup " + setup->id + " could not be asked of " + setup->provider +
                        ": " + e.what());
        return std::nullopt;
    }
    if (!saved)
        return std::nullopt;
    std::optional<sdk::SavedPaymentMethod> out;
    _context.database.transaction([&](sdk::Transaction& tx) {
        const auto locked = _methods.lockSetup(tx, setup->id);
        if (locked)
            out = storeMethod(tx, *locked, *saved, "payer back from " + setup->provider);
    });
    return out;
}

std::string PaymentService::recordSavedMethod(sdk::Transaction& tx, const std::string& provider,
                                              const sdk::PaymentEvent& event)
{
    std::optional<MethodSetupRow> setup;
    if (!event.idempotencyKey.empty()) {
        setup = _methods.lockSetup(tx, event.idempotencyKey);
        if (setup && setup->provider != provider)
            setup.reset(); // never another provider's setup
    }
    if (!setup)
        setup = _methods.lockSetupByProviderId(tx, provider, event.providerPaymentId);
    if (!setup) {
        _logger.warning("saved-method event " + event.providerEventId + " of " + provider +
                        " matches no setup of " + provider);
        return "unmatched";
    }
    if (setup->state == "saved")
        return "no_change";
    return storeMethod(tx, *setup, event.method, provider + " event " + event.providerEventId) ? "applied"
                                                                                               : "no_change";
}

std::optional<sdk::SavedPaymentMethod> PaymentService::storeMethod(sdk::Transaction& tx,
                                                                   const MethodSetupRow& setup,
                                                                   const sdk::SavedMethod& method,
                                                                   const std::string& source)
{
    if (setup.state == "saved") {
        bool removed = false;
        auto stored = _methods.method(tx, setup.methodId, &removed);
        return removed ? std::nullopt : stored;
    }
    if (method.providerMethodId.empty()) {
        _logger.warning(setup.provider + " reported a saved method without its id (setup " + setup.id + ")");
        return std::nullopt;
    }
    const std::int64_t organizationId = setup.organizationId;
    // The organization's rows first, in id order: whatever else changes them waits.
    _methods.lockOrganization(tx, organizationId);
    bool removed = false;
    const auto existing =
        _methods.methodOf(tx, organizationId, setup.provider, method.providerMethodId, &removed);
    std::int64_t id = 0;
    bool added = true;
    if (!existing)
        id = _methods.insertMethod(tx, organizationId, setup.provider, method, now());
    else if (removed)
        _methods.restoreMethod(tx, id = existing->id, method, now());
    else {
        id = existing->id; // the same method saved again: changes nothing
        added = false;
    }
    _methods.updateSetup(tx, setup.id, "saved", "", id, now());
    if (added) {
        _methods.defaultUnlessAny(tx, organizationId, id);
        // Only what the portal may show: never more.
        publish(tx, "payment.method_saved",
                sdk::Value::object({{"organizationId", organizationId},
                                    {"provider", setup.provider},
                                    {"methodId", id},
                                    {"brand", method.brand},
                                    {"last4", method.last4},
                                    {"expMonth", method.expMonth},
                                    {"expYear", method.expYear}}));
        _context.audit.record(
            tx, sdk::Actor::system(actorOf(source)),
            {"payment.method_saved", "payment_method", std::to_string(id), organizationId,
             described(method) + " saved with " + setup.provider + " (setup " + setup.id + ")"});
    }
    return _methods.method(tx, id);
}

std::vector<sdk::SavedPaymentMethod> PaymentService::savedMethods(std::int64_t organizationId)
{
    return _methods.methods(_context.database, organizationId);
}

std::optional<sdk::SavedPaymentMethod> PaymentService::defaultMethod(std::int64_t organizationId)
{
    for (auto& m : _methods.methods(_context.database, organizationId))
        if (m.isDefault)
            return m;
    return std::nullopt;
}

bool PaymentService::makeDefaultMethod(std::int64_t organizationId, std::int64_t methodId,
                                       const sdk::Actor& actor)
{
    bool done = false;
    _context.database.transaction([&](sdk::Transaction& tx) {
        _methods.lockOrganization(tx, organizationId);
        bool removed = false;
        const auto m = _methods.method(tx, methodId, &removed);
        if (!m || removed || m->organizationId != organizationId)
            return;
        done = true;
        if (m->isDefault)
            return;
        _methods.makeDefault(tx, organizationId, methodId);
        _context.audit.record(tx, actor,
                              {"payment.method_default", "payment_method", std::to_string(methodId),
                               organizationId,
                               described(m->method) + " (" + m->provider + ") is the default"});
    });
    return done;
}

bool PaymentService::removeMethod(std::int64_t organizationId, std::int64_t methodId, const sdk::Actor& actor)
{
    bool removed = false;
    const auto m = _methods.method(_context.database, methodId, &removed);
    if (!m || removed || m->organizationId != organizationId)
        return false;
    // The provider first, outside any transaction; a provider that cannot forget it
    // does not keep it here: the portal never charges it again either way.
    std::string atProvider = "forgotten by " + m->provider;
    if (auto provider = _context.providers(m->provider)) {
        auto request = methodRequest("pm-" + std::to_string(methodId) + "-remove", organizationId);
        request.savedMethodId = m->method.providerMethodId;
        try {
            provider->removeMethod(request);
        } catch (const std::exception& e) {
            _logger.warning("payment method " + std::to_string(methodId) + " could not be removed at " +
                            m->provider + ": " + e.what());
            atProvider = "not reached at " + m->provider;
        }
    } else {
        atProvider = m->provider + " not running";
    }
    _context.database.transaction([&](sdk::Transaction& tx) {
        _methods.lockOrganization(tx, organizationId);
        const auto now = this->now();
        if (!_methods.markRemoved(tx, methodId, now))
            return; // another call removed it meanwhile
        // The default gone, the newest remaining one takes its place.
        const auto remaining = _methods.methods(tx, organizationId);
        if (!remaining.empty() && !remaining.front().isDefault)
            _methods.defaultUnlessAny(tx, organizationId, remaining.front().id);
        // In this transaction: what charges the method (auto top-up) stops with its removal.
        publish(tx, "payment.method_removed",
                sdk::Value::object({{"organizationId", organizationId},
                                    {"provider", m->provider},
                                    {"methodId", methodId},
                                    {"actorUserId", actor.userId}}));
        _context.audit.record(tx, actor,
                              {"payment.method_removed", "payment_method", std::to_string(methodId),
                               organizationId, described(m->method) + " removed (" + atProvider + ")"});
    });
    return true;
}

} // namespace molar::host
