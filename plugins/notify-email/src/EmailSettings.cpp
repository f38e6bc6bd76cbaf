#include "EmailSettings.h"

#include "molar/sdk/Errors.h"

#include <Poco/Environment.h>
#include <Poco/Net/IPAddress.h>

#include <fstream>
#include <sstream>
#include <sys/stat.h>

namespace molar::notifyemail {

namespace {

bool isToken(const std::string& text)
{
    if (text.empty())
        return false;
    for (unsigned char c : text)
        if (c <= 0x20 || c >= 0x7f)
            return false;
    return true;
}

bool isLoopback(const std::string& host)
{
    Poco::Net::IPAddress address;
    if (host == "localhost")
        return true;
    return Poco::Net::IPAddress::tryParse(host, address) && address.isLoopback();
}

std::string trimmed(const std::string& text)
{
    auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return "";
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// The password file's content, trimmed. The value in errors is the path, never
// what the file holds.
std::string readPasswordFile(const std::string& path)
{
    struct stat info
    {
    };
    if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode))
        throw sdk::ConfigError("passwordFile", path, "a file that exists");
    if (info.st_mode & (S_IRWXG | S_IRWXO))
        throw sdk::ConfigError("passwordFile", path,
                               "a file only the service user can read (chmod 600 " + path + ")");
    std::ifstream in(path, std::ios::binary);
    std::stringstream content;
    content << in.rdbuf();
    if (!in)
        throw sdk::ConfigError("passwordFile", path, "a file the service user can read");
    std::string password = trimmed(content.str());
    if (password.empty())
        throw sdk::ConfigError("passwordFile", path, "a file holding the password");
    return password;
}

Mailbox readMailbox(sdk::Config& config, const std::string& key, const std::string& fallback)
{
    const std::string value = trimmed(config.getString(key, fallback));
    Mailbox mailbox;
    if (value.empty() && fallback.empty())
        return mailbox;
    if (!parseMailbox(value, mailbox))
        throw sdk::ConfigError(key, value, "an address like Molar Dental Lab <noreply@lab.example>");
    return mailbox;
}

} // namespace

EmailSettings readEmailSettings(sdk::Config& config)
{
    EmailSettings s;
    s.host = trimmed(config.getString("host", s.host));
    if (!isToken(s.host))
        throw sdk::ConfigError("host", s.host, "the SMTP server's host name or IP address");
    s.port = static_cast<std::uint16_t>(config.getInt("port", s.port, 1, 65535));
    const std::string security = config.getChoice("security", "starttls", {"starttls", "tls", "none"});
    s.security = security == "tls" ? Security::Tls : security == "none" ? Security::None : Security::StartTls;

    s.username = trimmed(config.getString("username", ""));
    const std::string password = config.getString("password", "");
    const std::string passwordFile = trimmed(config.getString("passwordFile", ""));
    if (!password.empty() && !passwordFile.empty())
        throw sdk::ConfigError("passwordFile", passwordFile, "empty when password is set (use one of them)");
    s.password = passwordFile.empty() ? password : readPasswordFile(passwordFile);
    if (!s.username.empty() && s.password.empty())
        throw sdk::ConfigError("password", "", "a password (or passwordFile) when username is set");
    if (s.username.empty() && !s.password.empty())
        throw sdk::ConfigError("username", "", "the user name that goes with the password");
    if (s.username.find_first_of("\r\n") != std::string::npos)
        throw sdk::ConfigError("username", s.username, "a user name on one line");
    // A login without TLS shows the password to anyone on the path: only for a relay here.
    s.allowPlainAuth = config.getBool("allowPlainAuth", false);
    if (s.allowPlainAuth && !isLoopback(s.host))
        throw sdk::ConfigError("allowPlainAuth", "true",
                               "false unless host is this machine (127.0.0.1, ::1 or localhost): a login "
                               "without TLS is readable on the network");
    if (s.security == Security::None && !s.username.empty() && !s.allowPlainAuth)
        throw sdk::ConfigError("security", "none",
                               "starttls or tls when username is set (a login without TLS is readable on the "
                               "network), or notify-email.allowPlainAuth = true for a relay on this machine");

    s.from = readMailbox(config, "from", "Molar Dental Lab <noreply@lab.example>");
    s.replyTo = readMailbox(config, "replyTo", "");

    // EHLO names this machine; the server may check it against its address.
    s.heloName = trimmed(config.getString("heloName", ""));
    if (s.heloName.empty())
        s.heloName = Poco::Environment::nodeName();
    if (!isToken(s.heloName))
        throw sdk::ConfigError("heloName", s.heloName, "a host name without spaces");

    s.timeoutSeconds = static_cast<int>(config.getInt("timeoutSeconds", s.timeoutSeconds, 1, 600));
    s.caFile = trimmed(config.getString("caFile", ""));
    if (!s.caFile.empty() && !std::ifstream(s.caFile))
        throw sdk::ConfigError("caFile", s.caFile, "a readable PEM file of CA certificates");
    s.verifyCertificate = config.getBool("verifyCertificate", true);
    return s;
}

} // namespace molar::notifyemail
