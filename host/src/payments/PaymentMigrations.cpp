#include "payments/PaymentMigrations.h"

namespace molar::host {

std::vector<Migration> paymentMigrations(sdk::Dialect dialect)
{
    const bool sqlite = dialect == sdk::Dialect::SQLite;
    const std::string id =
        sqlite ? "id INTEGER PRIMARY KEY AUTOINCREMENT" : "id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY";
    // Times are milliseconds since the epoch, UTC; amounts integer minor units.
    // Attempt states: pending, requires_action, authorized, succeeded, failed,
    // canceled, unknown. checked_at is the last re-sync with the provider.
    return {
        {1, "attempts",
         "CREATE TABLE molar_payment_attempts (\n"
         " id VARCHAR(64) NOT NULL PRIMARY KEY,\n"
         " provider VARCHAR(64) NOT NULL,\n"
         " purpose_kind VARCHAR(32) NOT NULL,\n"
         " purpose_id VARCHAR(64) NOT NULL,\n"
         " organization_id BIGINT NOT NULL,\n"
         " reference VARCHAR(120) NOT NULL,\n"
         " description VARCHAR(500) NOT NULL,\n"
         " amount_minor BIGINT NOT NULL,\n"
         " currency VARCHAR(3) NOT NULL,\n"
         " state VARCHAR(20) NOT NULL,\n"
         " provider_payment_id VARCHAR(190) NULL,\n"
         " payer_reference VARCHAR(120) NULL,\n"
         " captured_minor BIGINT NOT NULL DEFAULT 0,\n"
         " refunded_minor BIGINT NOT NULL DEFAULT 0,\n"
         " failure_code VARCHAR(100) NULL,\n"
         " detail VARCHAR(500) NULL,\n"
         " created_at BIGINT NOT NULL,\n"
         " updated_at BIGINT NOT NULL,\n"
         " checked_at BIGINT NULL\n"
         ");\n"
         "CREATE INDEX molar_payment_attempts_purpose ON molar_payment_attempts (purpose_kind, purpose_id);\n"
         "CREATE INDEX molar_payment_attempts_provider ON molar_payment_attempts (provider, "
         "provider_payment_id);\n"
         "CREATE INDEX molar_payment_attempts_state ON molar_payment_attempts (state, updated_at);\n"
         // outcome: applied, no_change, unmatched, currency_mismatch, refused_amount.
         "CREATE TABLE molar_payment_events (\n " +
             id +
             ",\n"
             " provider VARCHAR(64) NOT NULL,\n"
             " provider_event_id VARCHAR(190) NOT NULL,\n"
             " kind VARCHAR(32) NOT NULL,\n"
             " attempt_id VARCHAR(64) NULL,\n"
             " provider_payment_id VARCHAR(190) NULL,\n"
             " amount_minor BIGINT NOT NULL DEFAULT 0,\n"
             " currency VARCHAR(3) NULL,\n"
             " provider_refund_id VARCHAR(190) NULL,\n"
             " dispute_id VARCHAR(190) NULL,\n"
             " dispute_outcome VARCHAR(16) NULL,\n"
             " outcome VARCHAR(32) NOT NULL,\n"
             " occurred_at BIGINT NULL,\n"
             " recorded_at BIGINT NOT NULL\n"
             ");\n"
             "CREATE UNIQUE INDEX molar_payment_events_once ON molar_payment_events (provider, "
             "provider_event_id);\n"
             "CREATE INDEX molar_payment_events_attempt ON molar_payment_events (attempt_id);\n"
             // kind: payment (money_key = the provider payment id) or refund (the refund id).
             "CREATE TABLE molar_payment_receipts (\n " +
             id +
             ",\n"
             " provider VARCHAR(64) NOT NULL,\n"
             " kind VARCHAR(16) NOT NULL,\n"
             " money_key VARCHAR(190) NOT NULL,\n"
             " attempt_id VARCHAR(64) NOT NULL,\n"
             " amount_minor BIGINT NOT NULL,\n"
             " currency VARCHAR(3) NOT NULL,\n"
             " provider_payment_id VARCHAR(190) NULL,\n"
             " provider_event_id VARCHAR(190) NULL,\n"
             " recorded_at BIGINT NOT NULL\n"
             ");\n"
             "CREATE UNIQUE INDEX molar_payment_receipts_once ON molar_payment_receipts (provider, kind, "
             "money_key);\n"
             "CREATE INDEX molar_payment_receipts_attempt ON molar_payment_receipts (attempt_id);\n"},
        // Saved methods (SDK 1.7): brand, last four and expiry only, never a card number.
        // is_default is 1 for an organization's default and NULL for the others, so the
        // unique index lets an organization have one default at most, whatever runs at once.
        // A removed method keeps its row (removed_at), for the audit's sake.
        // Setup states: pending, saved, unknown (the provider's answer was lost).
        // Refund states: pending, succeeded, failed, unknown; the id is the caller's refund key.
        {2, "methods_setups_refunds",
         "CREATE TABLE molar_payment_methods (\n " + id +
             ",\n"
             " organization_id BIGINT NOT NULL,\n"
             " provider VARCHAR(64) NOT NULL,\n"
             " provider_method_id VARCHAR(190) NOT NULL,\n"
             " brand VARCHAR(32) NOT NULL,\n"
             " last4 VARCHAR(4) NOT NULL,\n"
             " exp_month INTEGER NOT NULL DEFAULT 0,\n"
             " exp_year INTEGER NOT NULL DEFAULT 0,\n"
             " is_default SMALLINT NULL,\n"
             " saved_at BIGINT NOT NULL,\n"
             " removed_at BIGINT NULL\n"
             ");\n"
             "CREATE UNIQUE INDEX molar_payment_methods_once ON molar_payment_methods (organization_id, "
             "provider, "
             "provider_method_id);\n"
             "CREATE UNIQUE INDEX molar_payment_methods_default ON molar_payment_methods (organization_id, "
             "is_default);\n"
             "CREATE TABLE molar_payment_setups (\n"
             " id VARCHAR(64) NOT NULL PRIMARY KEY,\n"
             " organization_id BIGINT NOT NULL,\n"
             " provider VARCHAR(64) NOT NULL,\n"
             " provider_setup_id VARCHAR(190) NULL,\n"
             " state VARCHAR(20) NOT NULL,\n"
             " method_id BIGINT NULL,\n"
             " created_at BIGINT NOT NULL,\n"
             " updated_at BIGINT NOT NULL\n"
             ");\n"
             "CREATE INDEX molar_payment_setups_provider ON molar_payment_setups (provider, "
             "provider_setup_id);\n"
             "CREATE TABLE molar_payment_refunds (\n"
             " id VARCHAR(100) NOT NULL PRIMARY KEY,\n"
             " attempt_id VARCHAR(64) NOT NULL,\n"
             " amount_minor BIGINT NOT NULL,\n"
             " state VARCHAR(20) NOT NULL,\n"
             " provider_refund_id VARCHAR(190) NULL,\n"
             " failure_code VARCHAR(100) NULL,\n"
             " created_at BIGINT NOT NULL,\n"
             " updated_at BIGINT NOT NULL\n"
             ");\n"
             "CREATE INDEX molar_payment_refunds_attempt ON molar_payment_refunds (attempt_id, state);\n"
             "CREATE INDEX molar_payment_refunds_state ON molar_payment_refunds (state, updated_at);\n"},
    };
}

} // namespace molar::host
