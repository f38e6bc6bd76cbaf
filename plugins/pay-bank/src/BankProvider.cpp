#include "BankProvider.h"

#include "Iban.h"

#include "molar/sdk/Errors.h"

#include <chrono>

namespace molar::paybank {

BankProvider::BankProvider(BankSettings settings, ReferenceStore& references, const sdk::Clock& clock,
                           sdk::Views& views)
    : _settings(std::move(settings)), _references(references), _clock(clock), _views(views)
{
}

sdk::PaymentCapabilities BankProvider::capabilities() const
{
    sdk::PaymentCapabilities c;
    c.name = name;
    c.displayName = "Bank transfer";
    c.flow = sdk::PaymentFlow::Offline;
    return c; // no authorize/capture, saved methods, off-session, refunds or webhooks; any currency
}

std::string BankProvider::instructions(const sdk::Money& amount, const std::string& reference,
                                       const std::string& language) const
{
    std::string account = _settings.accountName;
    if (!_settings.bankName.empty())
        account += ", " + _settings.bankName;
    std::string iban = Iban::printed(_settings.iban);
    if (!_settings.bic.empty())
        iban += ", BIC " + _settings.bic;
    // The catalog's sentence names its parts ({amount} ...), so each language orders them its own way.
    std::string text = _views.translate("pay-bank.instructions", language);
    const std::pair<std::string, std::string> parts[] = {{"{amount}", sdk::formatMoney(amount)},
                                                         {"{account}", account},
                                                         {"{iban}", iban},
                                                         {"{reference}", reference}};
    for (const auto& [placeholder, value] : parts) {
        const auto at = text.find(placeholder);
        if (at != std::string::npos)
            text.replace(at, placeholder.size(), value);
    }
    return text;
}

sdk::PaymentResult BankProvider::createCheckout(const sdk::PaymentRequest& request)
{
    if (request.idempotencyKey.empty())
        throw sdk::PermanentError("a bank transfer needs the payment attempt's id");
    if (request.amount.minor <= 0)
        throw sdk::PermanentError("a bank transfer needs an amount above zero");
    try {
        sdk::currencyMinorDigits(request.amount.currency);
    } catch (const std::invalid_argument&) {
        throw sdk::PermanentError("'" + request.amount.currency + "' is no ISO 4217 currency code");
    }
    const auto now =
        std::chrono::duration_cast<std::chrono::milliseconds>(_clock.now().time_since_epoch()).count();
    const KnownReference reference = _references.referenceFor(request, now);
    sdk::PaymentResult result;
    result.state = sdk::PaymentState::Pending;
    result.providerPaymentId = reference.reference;
    result.payerReference = reference.reference;
    result.amount = {reference.amountMinor, reference.currency};
    result.instructions = instructions(result.amount, reference.reference, request.language);
    return result;
}

sdk::PaymentResult BankProvider::fetchPayment(const sdk::PaymentRequest& request,
                                              const std::string& providerPaymentId)
{
    // "<reference>/<receipt>" names one receipt; the reference is what it was paid against.
    std::optional<KnownReference> reference;
    if (!providerPaymentId.empty())
        reference = _references.byReference(providerPaymentId.substr(0, providerPaymentId.find('/')));
    if (!reference && !request.idempotencyKey.empty())
        reference = _references.byAttempt(request.idempotencyKey);
    sdk::PaymentResult result;
    if (!reference) {
        result.state = sdk::PaymentState::Unknown;
        result.failureCode = "not_found";
        result.providerPaymentId = providerPaymentId;
        result.amount = request.amount;
        return result;
    }
    const std::int64_t received = _references.received(_references.database(), reference->id);
    const bool paid = received >= reference->amountMinor;
    result.state = paid ? sdk::PaymentState::Succeeded : sdk::PaymentState::Pending;
    result.providerPaymentId =
        paid ? reference->reference + "/" + std::to_string(_references.lastReceipt(reference->id))
             : reference->reference;
    result.payerReference = reference->reference;
    result.amount = {reference->amountMinor, reference->currency};
    result.capturedMinor = received;
    result.instructions = instructions(result.amount, reference->reference, request.language);
    result.detail =
        sdk::formatMoney({received, reference->currency}) + " received of " + sdk::formatMoney(result.amount);
    return result;
}

} // namespace molar::paybank
