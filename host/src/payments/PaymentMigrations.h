#pragma once

#include "db/Migrator.h"

namespace molar::host {

// The payment service's tables (owner "payments"): molar_payment_attempts (one row
// per try at taking a payment, keyed by its idempotency key), molar_payment_events
// (the inbox: every provider event recorded once per provider and event id) and
// molar_payment_receipts (money in and out, counted once per provider payment or
// refund id); since SDK 1.7 molar_payment_methods (an organization's saved methods,
// one default), molar_payment_setups (saving a method, from start to the provider's
// report) and molar_payment_refunds (each refund asked for, by its refund key).
std::vector<Migration> paymentMigrations(sdk::Dialect dialect);

} // namespace molar::host
