#include "MailComposer.h"

#include <Poco/Net/StringPartSource.h>

#include <cctype>
#include <cstdio>

namespace molar::notifyemail {

namespace {

using Poco::Net::MailMessage;

bool isAscii(const std::string& text)
{
    for (unsigned char c : text)
        if (c >= 0x80)
            return false;
    return true;
}

// Characters a display name may hold without quotes (RFC 5322 atext and spaces).
bool isAtext(unsigned char c)
{
    return std::isalnum(c) || c == ' ' || std::string("!#$%&'*+-/=?^_`{|}~.").find(c) != std::string::npos;
}

// True when `text` has no whitespace, control characters or angle brackets: safe
// inside <...> in a header.
bool isBracketable(const std::string& text)
{
    for (unsigned char c : text)
        if (c <= 0x20 || c >= 0x7f || c == '<' || c == '>')
            return false;
    return !text.empty();
}

// SMTP allows only CR LF line ends; some servers refuse a bare LF (RFC 5321 2.3.8).
std::string withCrLf(const std::string& text)
{
    std::string out;
    out.reserve(text.size() + text.size() / 32);
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n' || text[i] == '\r') {
            out += "\r\n";
            if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
                ++i;
        } else {
            out += text[i];
        }
    }
    return out;
}

} // namespace

std::string encodeHeaderText(const std::string& text)
{
    std::string clean = text;
    for (char& c : clean)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            c = ' ';
    if (isAscii(clean))
        return clean;
    // encodeWord folds long text into several words wherever a line fills up,
    // which can cut a UTF-8 character in two. Giving it pieces short enough for
    // one word each, cut between characters, keeps every word decodable alone.
    std::string out;
    std::string piece;
    std::size_t encodedLength = 0;
    for (std::size_t i = 0; i < clean.size();) {
        std::size_t length = 1;
        const auto lead = static_cast<unsigned char>(clean[i]);
        if (lead >= 0xf0)
            length = 4;
        else if (lead >= 0xe0)
            length = 3;
        else if (lead >= 0xc0)
            length = 2;
        const std::size_t cost = lead < 0x80 ? 3 : 3 * length; // an upper bound in Q encoding
        if (encodedLength + cost > 45 && !piece.empty()) {
            out += (out.empty() ? "" : "\r\n ") + MailMessage::encodeWord(piece, "UTF-8");
            piece.clear();
            encodedLength = 0;
        }
        piece += clean.substr(i, length);
        encodedLength += cost;
        i += length;
    }
    if (!piece.empty())
        out += (out.empty() ? "" : "\r\n ") + MailMessage::encodeWord(piece, "UTF-8");
    return out;
}

std::string formatMailbox(const Mailbox& mailbox)
{
    std::string name = encodeHeaderText(mailbox.name);
    while (!name.empty() && name.back() == ' ')
        name.pop_back();
    while (!name.empty() && name.front() == ' ')
        name.erase(0, 1);
    if (name.empty())
        return mailbox.address;
    bool plain = true;
    for (unsigned char c : name)
        plain = plain && isAtext(c);
    if (!plain && isAscii(mailbox.name)) {
        std::string quoted = "\"";
        for (char c : name) {
            if (c == '"' || c == '\\')
                quoted += '\\';
            quoted += c;
        }
        name = quoted + "\"";
    }
    return name + " <" + mailbox.address + ">";
}

MailComposer::MailComposer(const EmailSettings& settings) : _from(settings.from), _replyTo(settings.replyTo)
{
}

std::string MailComposer::messageId(const sdk::OutgoingMessage& message) const
{
    // Characters outside the safe set become =XX, so distinct ids stay distinct.
    std::string id;
    for (unsigned char c : message.id) {
        if (std::isalnum(c) || c == '.' || c == '-' || c == '_') {
            id += static_cast<char>(c);
        } else {
            char hex[4];
            std::snprintf(hex, sizeof hex, "=%02X", c);
            id += hex;
        }
    }
    return "<molar." + id + "@" + domainOf(_from.address) + ">";
}

void MailComposer::compose(const sdk::OutgoingMessage& message, MailMessage& mail) const
{
    mail.setSender(formatMailbox(_from));
    mail.set("To", formatMailbox({message.recipientName, message.address}));
    if (!_replyTo.address.empty())
        mail.set("Reply-To", formatMailbox(_replyTo));
    mail.setSubject(encodeHeaderText(message.subject));
    mail.set("Message-ID", messageId(message));
    // RFC 3834: tells auto-responders (out-of-office) not to answer.
    mail.set("Auto-Submitted", "auto-generated");
    if (!message.language.empty() &&
        message.language.find_first_not_of(
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") == std::string::npos)
        mail.set("Content-Language", message.language);
    if (isBracketable(message.settingsUrl))
        mail.set("List-Unsubscribe", "<" + message.settingsUrl + ">");

    if (message.html.empty()) {
        mail.setContentType("text/plain; charset=UTF-8");
        mail.setContent(withCrLf(message.text));
    } else if (message.text.empty()) {
        mail.setContentType("text/html; charset=UTF-8");
        mail.setContent(withCrLf(message.html));
    } else {
        // Before the parts: adding a part to a message without a multipart type
        // makes it multipart/mixed. Clients show the last part they understand.
        mail.setContentType("multipart/alternative");
        mail.addContent(new Poco::Net::StringPartSource(withCrLf(message.text), "text/plain; charset=UTF-8"));
        mail.addContent(new Poco::Net::StringPartSource(withCrLf(message.html), "text/html; charset=UTF-8"));
    }
}

} // namespace molar::notifyemail
