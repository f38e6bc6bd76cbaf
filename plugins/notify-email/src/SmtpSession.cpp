#include "SmtpSession.h"

#include <Poco/Net/SecureStreamSocket.h>

namespace molar::notifyemail {

SmtpSession::SmtpSession(const Poco::Net::StreamSocket& socket) : SMTPClientSession(socket) {}

std::string SmtpSession::hello(const std::string& heloName)
{
    std::string response;
    login(heloName, response);
    return response;
}

bool SmtpSession::startTls(Poco::Net::Context::Ptr context, const std::string& serverName)
{
    std::string response;
    if (!isPositiveCompletion(sendCommand("STARTTLS", response)))
        return false;
    // attach() performs the handshake and checks the certificate against serverName.
    socket() = Poco::Net::SecureStreamSocket::attach(socket(), serverName, context);
    return true;
}

} // namespace molar::notifyemail
