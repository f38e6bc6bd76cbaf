#pragma once

#include <Poco/Net/Context.h>
#include <Poco/Net/SMTPClientSession.h>
#include <Poco/Net/StreamSocket.h>

#include <string>

namespace molar::notifyemail {

// An SMTPClientSession on a socket the caller connected (with a timeout, which
// the (host, port) constructor lacks) that can still upgrade to TLS under the
// server's name: SecureSMTPClientSession built on a socket verifies the
// certificate against no name at all.
class SmtpSession : public Poco::Net::SMTPClientSession
{
public:
    explicit SmtpSession(const Poco::Net::StreamSocket& socket);

    // Reads the greeting and sends EHLO (HELO if refused); returns the server's
    // EHLO reply, its list of extensions.
    std::string hello(const std::string& heloName);

    // Sends STARTTLS and makes the connection TLS, verifying the certificate for
    // `serverName` as the context says; false when the server refuses STARTTLS.
    bool startTls(Poco::Net::Context::Ptr context, const std::string& serverName);
};

} // namespace molar::notifyemail
