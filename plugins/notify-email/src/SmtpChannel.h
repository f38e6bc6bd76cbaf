#pragma once

#include "EmailSettings.h"
#include "MailComposer.h"
#include "molar/sdk/Notifications.h"

#include <Poco/Crypto/OpenSSLInitializer.h>
#include <Poco/Net/Context.h>

#include <memory>

namespace molar::notifyemail {

class SmtpSession;

// The "email" notification channel: one SMTP session per send, so any number of
// the host's workers send at once. The settings and the TLS context are shared
// and never change after construction.
//
// Errors: an address or message that can never be sent, or a 5xx reply to the
// envelope or the data, throws sdk::PermanentError with the server's reply;
// anything else (no connection, timeout, TLS, login refused, 4xx) throws
// std::runtime_error naming the server, to be retried. No message holds the password.
class SmtpChannel : public sdk::NotificationChannel
{
public:
    explicit SmtpChannel(EmailSettings settings);

    sdk::ChannelInfo info() const override;
    // Returns the message's Message-ID.
    std::string send(const sdk::OutgoingMessage& message) override;

private:
    std::unique_ptr<SmtpSession> open(std::string& step) const;
    void deliver(const sdk::OutgoingMessage& message, const Poco::Net::MailMessage& mail) const;

    Poco::Crypto::OpenSSLInitializer _openSsl; // before _tls, which needs OpenSSL set up
    EmailSettings _settings;
    MailComposer _composer;
    Poco::Net::Context::Ptr _tls; // null with security = none
};

} // namespace molar::notifyemail
