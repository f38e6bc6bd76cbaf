#pragma once

#include "EmailAddress.h"
#include "molar/sdk/Config.h"

#include <cstdint>
#include <string>

namespace molar::notifyemail {

enum class Security
{
    StartTls, // plain connection upgraded with STARTTLS, refused if not offered (port 587 or 25)
    Tls,      // TLS from the first byte (port 465)
    None      // no TLS at all: a relay on the same machine only
};

// The plugin's config subtree, checked. Immutable once read, so channels share it
// across threads.
struct EmailSettings
{
    std::string host = "127.0.0.1";
    std::uint16_t port = 25;
    Security security = Security::StartTls;
    std::string username;
    std::string password; // from `password` or the file `passwordFile`; never logged
    // The login may go without TLS (security = none): for a relay on this machine only.
    bool allowPlainAuth = false;
    Mailbox from{"Molar Dental Lab", "noreply@lab.example"};
    Mailbox replyTo; // address empty when unset
    std::string heloName;
    int timeoutSeconds = 30;
    std::string caFile;
    bool verifyCertificate = true;

    // "host:port", how messages name the server.
    std::string server() const { return host + ":" + std::to_string(port); }
};

// Reads the subtree (keys "host", "port", ...); throws sdk::ConfigError naming the key.
EmailSettings readEmailSettings(sdk::Config& config);

} // namespace molar::notifyemail
