#pragma once

#include "EmailSettings.h"
#include "molar/sdk/Notifications.h"

#include <Poco/Net/MailMessage.h>

#include <string>

namespace molar::notifyemail {

// Header text as RFC 2047 encoded words when it is not plain ASCII, with control
// characters (a CR LF that would start a new header) turned into spaces.
std::string encodeHeaderText(const std::string& text);

// "Name <address>" for a header, the name encoded or quoted as it needs.
std::string formatMailbox(const Mailbox& mailbox);

// Turns one OutgoingMessage into a MIME message: text and HTML as
// multipart/alternative, the headers a mail client and a mailbox provider expect
// of an automatic message.
class MailComposer
{
public:
    explicit MailComposer(const EmailSettings& settings);

    // <molar.{id}@{domain of from}>: the same on every retry of a message, so the
    // recipient's server and the lab can tell a repeat from a new message.
    std::string messageId(const sdk::OutgoingMessage& message) const;

    // Fills `mail`, a new MailMessage. The recipient is only in the To: header;
    // the caller gives the envelope recipient to the SMTP session.
    void compose(const sdk::OutgoingMessage& message, Poco::Net::MailMessage& mail) const;

private:
    Mailbox _from;
    Mailbox _replyTo;
};

} // namespace molar::notifyemail
