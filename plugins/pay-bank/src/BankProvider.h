#pragma once

#include "BankSettings.h"
#include "ReferenceStore.h"

#include "molar/sdk/Clock.h"
#include "molar/sdk/Payments.h"
#include "molar/sdk/Views.h"

namespace molar::paybank {

// The payment provider "bank". Its checkout is offline: a transfer reference, unique
// per payment attempt, and the lab's bank details for the payer. Money comes in when
// the clerk records a transfer or imports a statement (ReceiptRecorder); a bank
// sends no webhooks, and a refund is made from the bank's own banking, outside the
// portal.
class BankProvider : public sdk::PaymentProvider
{
public:
    static constexpr const char* name = "bank";

    // `views` translates the payer's instructions (pay-bank.instructions in the plugin's catalogs).
    BankProvider(BankSettings settings, ReferenceStore& references, const sdk::Clock& clock,
                 sdk::Views& views);

    sdk::PaymentCapabilities capabilities() const override;
    // The attempt's reference (the same on every call with its idempotency key),
    // state Pending, and the instructions.
    sdk::PaymentResult createCheckout(const sdk::PaymentRequest& request) override;
    // What the host's payment service has taken from the receipts of the reference
    // (capturedMinor): Pending until it adds up to the amount, then Succeeded with
    // the last receipt's payment id ("<reference>/<receipt>"). The host counts money
    // once per payment id, and that receipt is counted already, so a re-sync that
    // applies this answer adds nothing. Found by the reference, a receipt's id or
    // the idempotency key; Unknown with "not_found" when the attempt has none.
    sdk::PaymentResult fetchPayment(const sdk::PaymentRequest& request,
                                    const std::string& providerPaymentId) override;
    // parseWebhook() keeps the SDK's default (PaymentUnsupported): a bank sends no
    // webhooks, and capabilities() lists none, so the host answers 404 to any.

    // The payer's instructions for an amount and a reference, in `language` (the
    // request's; empty: the portal's default), with the lab's bank details.
    std::string instructions(const sdk::Money& amount, const std::string& reference,
                             const std::string& language) const;
    const BankSettings& settings() const { return _settings; }

private:
    BankSettings _settings;
    ReferenceStore& _references;
    const sdk::Clock& _clock;
    sdk::Views& _views;
};

} // namespace molar::paybank
