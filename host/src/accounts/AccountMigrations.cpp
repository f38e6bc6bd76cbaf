#include "accounts/AccountMigrations.h"

namespace molar::host {

std::vector<Migration> accountMigrations(sdk::Dialect dialect)
{
    const bool sqlite = dialect == sdk::Dialect::SQLite;
    const std::string id =
        sqlite ? "id INTEGER PRIMARY KEY AUTOINCREMENT" : "id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY";
    // Times are epoch milliseconds, UTC. Statuses: pending, blocked, active.
    return {
        {1, "organizations",
         "CREATE TABLE molar_organizations (\n " + id +
             ",\n"
             " name VARCHAR(200) NOT NULL,\n"
             " reference_code VARCHAR(32) NOT NULL,\n"
             " status VARCHAR(16) NOT NULL,\n"
             " created_at BIGINT NOT NULL\n"
             ");\n"
             "CREATE UNIQUE INDEX molar_organizations_code ON molar_organizations (reference_code);\n"
             "CREATE INDEX molar_organizations_name ON molar_organizations (name);\n"
             "CREATE TABLE molar_clinics (\n " +
             id +
             ",\n"
             " organization_id BIGINT NOT NULL,\n"
             " name VARCHAR(200) NOT NULL,\n"
             " address VARCHAR(500) NOT NULL,\n"
             " country VARCHAR(2) NOT NULL,\n"
             " created_at BIGINT NOT NULL\n"
             ");\n"
             "CREATE INDEX molar_clinics_organization ON molar_clinics (organization_id);\n"},
        {2, "users",
         "CREATE TABLE molar_users (\n " + id +
             ",\n"
             " side VARCHAR(8) NOT NULL,\n"
             " role VARCHAR(16) NOT NULL,\n"
             " organization_id BIGINT NULL,\n"
             " email VARCHAR(254) NOT NULL,\n"
             " username VARCHAR(64) NOT NULL,\n"
             " first_name VARCHAR(100) NOT NULL,\n"
             " last_name VARCHAR(100) NOT NULL,\n"
             " phone VARCHAR(20) NOT NULL,\n"
             " language VARCHAR(8) NOT NULL,\n"
             " time_zone VARCHAR(64) NOT NULL,\n"
             " status VARCHAR(16) NOT NULL,\n"
             " password_hash VARCHAR(255) NOT NULL,\n"
             " must_change_password INTEGER NOT NULL,\n"
             " password_changed_at BIGINT NOT NULL,\n"
             " created_at BIGINT NOT NULL,\n"
             " updated_at BIGINT NOT NULL\n"
             ");\n"
             "CREATE UNIQUE INDEX molar_users_email ON molar_users (email);\n"
             "CREATE UNIQUE INDEX molar_users_username ON molar_users (username);\n"
             "CREATE INDEX molar_users_organization ON molar_users (organization_id, status);\n"},
        {3, "sessions",
         "CREATE TABLE molar_sessions (\n"
         " token_hash VARCHAR(64) NOT NULL PRIMARY KEY,\n"
         " user_id BIGINT NOT NULL,\n"
         " created_at BIGINT NOT NULL,\n"
         " expires_at BIGINT NOT NULL,\n"
         " address VARCHAR(64) NOT NULL\n"
         ");\n"
         "CREATE INDEX molar_sessions_user ON molar_sessions (user_id);\n"
         // Failures are counted per account, or per login name when no account has
         // it, so an unknown name locks exactly like a known one and reveals nothing.
         "CREATE TABLE molar_sign_in_failures (\n"
         " login_key VARCHAR(300) NOT NULL PRIMARY KEY,\n"
         " failures INTEGER NOT NULL,\n"
         " locked_until BIGINT NOT NULL\n"
         ");\n"
         // Attempts per client address and window, whatever the account.
         "CREATE TABLE molar_sign_in_throttle (\n"
         " address VARCHAR(64) NOT NULL,\n"
         " window_start BIGINT NOT NULL,\n"
         " attempts INTEGER NOT NULL,\n"
         " PRIMARY KEY (address, window_start)\n"
         ");\n"},
        {4, "password_resets",
         "CREATE TABLE molar_password_resets (\n"
         " token_hash VARCHAR(64) NOT NULL PRIMARY KEY,\n"
         " user_id BIGINT NOT NULL,\n"
         " created_at BIGINT NOT NULL,\n"
         " expires_at BIGINT NOT NULL,\n"
         " used_at BIGINT NULL\n"
         ");\n"
         "CREATE INDEX molar_password_resets_user ON molar_password_resets (user_id);\n"},
        {5, "notification_settings",
         // One row per choice a user made; no row means the event's default (on).
         "CREATE TABLE molar_notification_settings (\n"
         " user_id BIGINT NOT NULL,\n"
         " event VARCHAR(100) NOT NULL,\n"
         " channel VARCHAR(40) NOT NULL,\n"
         " enabled INTEGER NOT NULL,\n"
         " PRIMARY KEY (user_id, event, channel)\n"
         ");\n"},
        {6, "two_factor",
         // One TOTP secret per user (enabled once confirmed with a code); last_step is
         // the newest time step accepted, so each code works once.
         "CREATE TABLE molar_two_factor (\n"
         " user_id BIGINT NOT NULL PRIMARY KEY,\n"
         " secret VARCHAR(64) NOT NULL,\n"
         " enabled INTEGER NOT NULL,\n"
         " last_step BIGINT NOT NULL,\n"
         " created_at BIGINT NOT NULL\n"
         ");\n"
         "CREATE TABLE molar_recovery_codes (\n"
         " user_id BIGINT NOT NULL,\n"
         " digest VARCHAR(64) NOT NULL,\n"
         " used_at BIGINT NULL,\n"
         " PRIMARY KEY (user_id, digest)\n"
         ");\n"
         // A right password for an account with two-factor sign-in waits here (the
         // SHA-256 of the cookie's token) for its code.
         "CREATE TABLE molar_sign_in_challenges (\n"
         " token_hash VARCHAR(64) NOT NULL PRIMARY KEY,\n"
         " user_id BIGINT NOT NULL,\n"
         " expires_at BIGINT NOT NULL,\n"
         " attempts INTEGER NOT NULL\n"
         ");\n"
         "CREATE INDEX molar_sign_in_challenges_user ON molar_sign_in_challenges (user_id);\n"},
        // A block set by a lab admin, which an organization's owner cannot lift.
        {7, "users_blocked_by_lab",
         "ALTER TABLE molar_users ADD COLUMN blocked_by_lab INTEGER NOT NULL DEFAULT 0;\n"},
        // Events name a reset link by this id; its token is made when the message goes out.
        {8, "password_reset_links",
         "ALTER TABLE molar_password_resets ADD COLUMN link_id VARCHAR(32) NULL;\n"
         "CREATE UNIQUE INDEX molar_password_resets_link ON molar_password_resets (link_id);\n"},
        // A session also ends after accounts.sessionIdleMinutes without a request; ended
        // ones are purged by time.
        {9, "session_idle_timeout",
         "ALTER TABLE molar_sessions ADD COLUMN last_seen_at BIGINT NOT NULL DEFAULT 0;\n"
         "UPDATE molar_sessions SET last_seen_at = created_at;\n"
         "CREATE INDEX molar_sessions_expiry ON molar_sessions (expires_at);\n"
         "CREATE INDEX molar_sessions_last_seen ON molar_sessions (last_seen_at);\n"},
        // Owners add and remove their clinics: a clinic's own phone, and the time a clinic
        // that plugins still hold records of was archived instead of deleted (NULL: in use).
        {10, "clinics_phone_archive",
         "ALTER TABLE molar_clinics ADD COLUMN phone VARCHAR(20) NOT NULL DEFAULT '';\n"
         "ALTER TABLE molar_clinics ADD COLUMN archived_at BIGINT NULL;\n"},
        // A user who chose no time zone reads times in the lab's (portal.timeZone), and ''
        // says so. Before, every account was made with 'UTC' and the profile's free-text
        // field could not be left empty, so 'UTC' means "never chose" for all but someone
        // who typed it on purpose; they cannot be told apart, and can choose UTC again.
        {11, "users_lab_time_zone", "UPDATE molar_users SET time_zone = '' WHERE time_zone = 'UTC';\n"},
    };
}

} // namespace molar::host
