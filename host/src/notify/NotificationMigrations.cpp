#include "notify/NotificationMigrations.h"

namespace molar::host {

std::vector<Migration> notificationMigrations(sdk::Dialect dialect)
{
    const bool sqlite = dialect == sdk::Dialect::SQLite;
    const std::string id =
        sqlite ? "id INTEGER PRIMARY KEY AUTOINCREMENT" : "id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY";
    const std::string text = sqlite ? "TEXT" : "MEDIUMTEXT";
    // Times are milliseconds since the epoch, UTC. status: pending (queued or
    // backing off), sending (claimed by a worker until claim_until), sent, failed.
    return {
        {1, "messages",
         "CREATE TABLE molar_notifications (\n " + id +
             ",\n"
             " event_key VARCHAR(64) NOT NULL,\n"
             " event VARCHAR(100) NOT NULL,\n"
             " rule VARCHAR(100) NOT NULL,\n"
             " user_id BIGINT NOT NULL,\n"
             " channel VARCHAR(32) NOT NULL,\n"
             " address VARCHAR(320) NOT NULL,\n"
             " recipient_name VARCHAR(200) NOT NULL,\n"
             " language VARCHAR(16) NOT NULL,\n"
             " summary VARCHAR(500) NOT NULL,\n"
             " content " +
             text +
             " NOT NULL,\n"
             " is_sensitive SMALLINT NOT NULL DEFAULT 0,\n"
             " status VARCHAR(16) NOT NULL,\n"
             " attempts INTEGER NOT NULL DEFAULT 0,\n"
             " retries INTEGER NOT NULL DEFAULT 0,\n"
             " last_error VARCHAR(1000) NULL,\n"
             " claim_token VARCHAR(64) NULL,\n"
             " claim_until BIGINT NULL,\n"
             " provider_id VARCHAR(255) NULL,\n"
             " provider_status VARCHAR(16) NULL,\n"
             " provider_detail VARCHAR(1000) NULL,\n"
             " provider_at BIGINT NULL,\n"
             " created_at BIGINT NOT NULL,\n"
             " updated_at BIGINT NOT NULL,\n"
             " sent_at BIGINT NULL\n"
             ");\n"
             "CREATE UNIQUE INDEX molar_notifications_once ON molar_notifications (event_key, user_id, "
             "channel);\n"
             "CREATE INDEX molar_notifications_status ON molar_notifications (status, id);\n"
             "CREATE INDEX molar_notifications_provider ON molar_notifications (channel, provider_id);\n"},
    };
}

} // namespace molar::host
