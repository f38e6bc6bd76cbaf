// The payment interfaces' key functions, and the defaults of the calls a provider
// need not support: each throws PaymentUnsupported naming the call.
#include "molar/sdk/Payments.h"
#include "molar/sdk/Catalog.h"

namespace molar::sdk {

namespace {

[[noreturn]] void unsupported(const PaymentProvider& provider, const char* call)
{
    throw PaymentUnsupported("payment provider '" + provider.capabilities().name + "' does not support " +
                             call);
}

} // namespace

WebhookRefused::WebhookRefused(const std::string& message) : std::runtime_error(message) {}
WebhookRefused::~WebhookRefused() = default;

PaymentUnsupported::PaymentUnsupported(const std::string& message) : std::runtime_error(message) {}
PaymentUnsupported::~PaymentUnsupported() = default;

DisputeLookup::~DisputeLookup() = default;

PaymentProvider::~PaymentProvider() = default;

PaymentResult PaymentProvider::authorize(const PaymentRequest&)
{
    unsupported(*this, "authorize()");
}

PaymentResult PaymentProvider::capture(const PaymentRequest&, const std::string&, std::int64_t)
{
    unsupported(*this, "capture()");
}

PaymentResult PaymentProvider::cancelAuthorization(const PaymentRequest&, const std::string&)
{
    unsupported(*this, "cancelAuthorization()");
}

PaymentResult PaymentProvider::chargeSaved(const PaymentRequest&)
{
    unsupported(*this, "chargeSaved()");
}

PaymentResult PaymentProvider::saveMethod(const PaymentRequest&)
{
    unsupported(*this, "saveMethod()");
}

std::optional<SavedMethod> PaymentProvider::fetchMethod(const PaymentRequest&, const std::string&)
{
    unsupported(*this, "fetchMethod()");
}

void PaymentProvider::removeMethod(const PaymentRequest&)
{
    unsupported(*this, "removeMethod()");
}

RefundResult PaymentProvider::refund(const PaymentRequest&, const std::string&, std::int64_t)
{
    unsupported(*this, "refund()");
}

std::vector<PaymentEvent> PaymentProvider::parseWebhook(const WebhookDelivery&)
{
    unsupported(*this, "parseWebhook()");
}

Payments::~Payments() = default;
CatalogSource::~CatalogSource() = default;

} // namespace molar::sdk
