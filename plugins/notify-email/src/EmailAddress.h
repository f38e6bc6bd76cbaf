#pragma once

#include <string>

namespace molar::notifyemail {

// An address as it appears in a header: an optional display name and the address.
struct Mailbox
{
    std::string name;
    std::string address;
};

// Whether `text` is a plain address this channel can put in RCPT TO and a header:
// one '@', a local part, a domain with a dot inside it, and no spaces, control
// characters, non-ASCII bytes or characters that would end the address early.
bool isEmailAddress(const std::string& text);

// The part after the '@'.
std::string domainOf(const std::string& address);

// Reads "Display Name <user@example.org>" or "user@example.org"; false when
// either part is unusable.
bool parseMailbox(const std::string& text, Mailbox& out);

} // namespace molar::notifyemail
