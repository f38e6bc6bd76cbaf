#include "security/SecurityMigrations.h"

namespace molar::host {

std::vector<Migration> securityMigrations(sdk::Dialect)
{
    // Times are milliseconds since the epoch, UTC.
    return {
        {1, "rate_limits",
         // Hits per bucket (what is limited), key (who: a client address) and fixed
         // window; expires_at is when the window ends, for the purge.
         "CREATE TABLE molar_rate_limits (\n"
         " bucket VARCHAR(100) NOT NULL,\n"
         " rate_key VARCHAR(128) NOT NULL,\n"
         " window_ms BIGINT NOT NULL,\n"
         " window_start BIGINT NOT NULL,\n"
         " expires_at BIGINT NOT NULL,\n"
         " hits BIGINT NOT NULL,\n"
         " PRIMARY KEY (bucket, rate_key, window_ms, window_start)\n"
         ");\n"
         "CREATE INDEX molar_rate_limits_expiry ON molar_rate_limits (expires_at);\n"
         // Random keys the host makes once and every host of the deployment shares
         // (the HMAC key of the sign-in device cookies).
         "CREATE TABLE molar_host_keys (\n"
         " name VARCHAR(64) NOT NULL PRIMARY KEY,\n"
         " key_hex VARCHAR(128) NOT NULL,\n"
         " created_at BIGINT NOT NULL\n"
         ");\n"},
    };
}

} // namespace molar::host
