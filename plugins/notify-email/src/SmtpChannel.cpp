#include "SmtpChannel.h"

#include "SmtpSession.h"
#include "molar/sdk/Errors.h"

#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketAddress.h>

#include <stdexcept>

namespace molar::notifyemail {

namespace {

using Poco::Net::Context;

Context::Ptr makeTlsContext(const EmailSettings& settings)
{
    if (settings.security == Security::None)
        return nullptr;
    Context::Params params;
    params.caLocation = settings.caFile;
    params.loadDefaultCAs = true; // the system's store, plus caFile for a private server
    params.verificationMode = settings.verifyCertificate ? Context::VERIFY_RELAXED : Context::VERIFY_NONE;
    Context::Ptr context = new Context(Context::TLS_CLIENT_USE, params);
    context->requireMinimumProtocol(Context::PROTO_TLSV1_2);
    return context;
}

bool offers(const std::string& ehloReply, const std::string& extension)
{
    // Each reply line reads "250-EXTENSION params" or "250 EXTENSION".
    for (std::size_t at = 0; at < ehloReply.size();) {
        auto end = ehloReply.find('\n', at);
        std::string line = ehloReply.substr(at, end == std::string::npos ? std::string::npos : end - at);
        if (line.size() > 4 && line.compare(4, extension.size(), extension) == 0 &&
            (line.size() == 4 + extension.size() || line[4 + extension.size()] == ' ' ||
             line[4 + extension.size()] == '\r'))
            return true;
        at = end == std::string::npos ? ehloReply.size() : end + 1;
    }
    return false;
}

} // namespace

SmtpChannel::SmtpChannel(EmailSettings settings)
    : _settings(std::move(settings)), _composer(_settings), _tls(makeTlsContext(_settings))
{
}

sdk::ChannelInfo SmtpChannel::info() const
{
    sdk::ChannelInfo info;
    info.name = "email";
    info.address = sdk::AddressKind::Email;
    return info;
}

std::string SmtpChannel::send(const sdk::OutgoingMessage& message)
{
    if (!isEmailAddress(message.address))
        throw sdk::PermanentError("'" + message.address + "' is not an email address");
    if (message.text.empty() && message.html.empty())
        throw sdk::PermanentError("message " + message.id + " has neither a text nor an HTML body");
    if (message.id.empty())
        throw sdk::PermanentError("the message has no id to build its Message-ID from");
    Poco::Net::MailMessage mail;
    _composer.compose(message, mail);
    deliver(message, mail);
    return _composer.messageId(message);
}

std::unique_ptr<SmtpSession> SmtpChannel::open(std::string& step) const
{
    const Poco::Timespan timeout(_settings.timeoutSeconds, 0);
    step = "connecting";
    const Poco::Net::SocketAddress address(_settings.host, _settings.port);
    std::unique_ptr<SmtpSession> session;
    if (_settings.security == Security::Tls) {
        Poco::Net::SecureStreamSocket socket(_tls);
        socket.setPeerHostName(_settings.host); // the name the certificate must carry
        socket.connect(address, timeout);
        socket.setSendTimeout(timeout);
        session = std::make_unique<SmtpSession>(socket);
    } else {
        Poco::Net::StreamSocket socket;
        socket.connect(address, timeout);
        socket.setSendTimeout(timeout); // a server that stops reading cannot hold a worker either
        session = std::make_unique<SmtpSession>(socket);
    }
    // Without it a silent server holds the worker forever.
    session->setTimeout(timeout);
    step = "greeting";
    const std::string extensions = session->hello(_settings.heloName);
    if (_settings.security == Security::StartTls) {
        if (!offers(extensions, "STARTTLS"))
            throw std::runtime_error("SMTP server " + _settings.server() +
                                     " does not offer STARTTLS and security = starttls; nothing was sent");
        step = "starting TLS";
        if (!session->startTls(_tls, _settings.host))
            throw std::runtime_error("SMTP server " + _settings.server() +
                                     " refused STARTTLS; nothing was sent");
        session->setTimeout(timeout);
    }
    if (!_settings.username.empty()) {
        // The settings refuse this at start-up; never send a password in the clear regardless.
        if (_settings.security == Security::None && !_settings.allowPlainAuth)
            throw sdk::PermanentError("SMTP server " + _settings.server() +
                                      ": the login would go without TLS (security = none); use starttls or "
                                      "tls, or allowPlainAuth = true for a relay on this machine");
        step = "logging in";
        try {
            // PLAIN fails loudly on a refusal; Poco's LOGIN can return without
            // having logged in. It says EHLO again, as required after STARTTLS.
            session->login(_settings.heloName, Poco::Net::SMTPClientSession::AUTH_PLAIN, _settings.username,
                           _settings.password);
        } catch (const Poco::Net::SMTPException& e) {
            throw std::runtime_error("SMTP server " + _settings.server() + " refused the login for user " +
                                     _settings.username + ": " + e.message());
        }
    } else if (_settings.security == Security::StartTls) {
        step = "greeting over TLS";
        session->hello(_settings.heloName);
    }
    return session;
}

void SmtpChannel::deliver(const sdk::OutgoingMessage& message, const Poco::Net::MailMessage& mail) const
{
    std::string step;
    const std::string server = "SMTP server " + _settings.server();
    try {
        auto session = open(step);
        step = "sending";
        try {
            session->sendMessage(mail, {message.address});
        } catch (const Poco::Net::SMTPException& e) {
            // 5xx to MAIL, RCPT or DATA: this message will never pass. 530 is the
            // exception: the server wants a login, which the configuration can fix.
            const int code = e.code();
            if (code >= 500 && code < 600 && code != 530)
                throw sdk::PermanentError(server + " refused the message to " + message.address + ": " +
                                          e.message());
            throw;
        }
        // The server has taken the message: a failing QUIT must not make it a retry.
        try {
            session->close();
        } catch (const Poco::Exception&) {
        }
    } catch (const sdk::PermanentError&) {
        throw;
    } catch (const std::runtime_error&) {
        throw;
    } catch (const Poco::Net::ConnectionRefusedException&) {
        throw std::runtime_error(server + " refused the connection (is it running, and is the port right?)");
    } catch (const Poco::TimeoutException&) {
        throw std::runtime_error(server + " did not answer within " +
                                 std::to_string(_settings.timeoutSeconds) + " s while " + step);
    } catch (const Poco::Net::SSLException& e) {
        throw std::runtime_error("TLS with " + server + " failed while " + step + ": " + e.displayText() +
                                 (_settings.caFile.empty() ? "" : " (caFile " + _settings.caFile + ")"));
    } catch (const Poco::Net::SMTPException& e) {
        throw std::runtime_error(server + " answered " + e.message() + " while " + step);
    } catch (const Poco::Exception& e) {
        throw std::runtime_error(server + ": " + e.displayText() + " while " + step);
    }
}

} // namespace molar::notifyemail
